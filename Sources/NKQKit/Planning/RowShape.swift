/// How the executor turns a response body (always a JSON array) into rows.
public enum RowShape: Sendable, Hashable {
    /// Each array element is a row (contracts, prices, zones).
    case elements
    /// Each condition of each contract is a row, carrying its contract's `contractId` and
    /// `supplier` (the contract's `ownerParticipantNumber`) before the condition's own fields.
    case conditionsOfContracts
    /// Each price and each product error of each supplier entry of a purchase-order answer is a
    /// row, carrying `participantNo`; error rows have `error` set and price fields null.
    case orderPriceLines
}
