/// One resource of the NOBB Kontrakt API as nkq calls it, stated once: its path and default
/// version, the key lists it filters by with how many values one call takes, how its pages are
/// followed (page and page-size parameters), and its other filters. The planner writes only the
/// names stated here; the cost model, `explain`, `.sources` and docs/language.md read them too
/// (`APIResource.all`); a resource's version is switched by `APIVersions`, with no code change.
public struct APIResource: Sendable, Hashable {
    /// A list parameter and the most values one call takes.
    public struct KeyList: Sendable, Hashable {
        public let parameter: String
        public let cap: Int
    }

    /// A parameter (or purchase-order body field) besides the key lists and paging; the raw
    /// value is the name the API takes.
    public enum Filter: String, Sendable, Hashable {
        case from, to, onlyActiveConditions
        case calculationDate, changedAfterDate
        case storeParticipantNo, deliveryPostalCode, deliveryType, orderValue
        /// Units of each product in a purchase order (the `quantity` input).
        case quantity = "count"
    }

    /// The name in the path and in `--api-version` (`contracts`, `prices`, `zones`, `purchaseorder`).
    public let name: String
    public let method: PlannedRequest.Method
    /// The version nkq calls unless `--api-version` or a profile's `versions` says otherwise.
    public let defaultVersion: Int
    public let keys: [KeyList]
    /// How pages are followed.
    public let paging: Paging
    /// Filters one of which a call must send for its pages to be followed (prices page over
    /// contracts only with a date); empty when pages are always followed.
    public let pagedOnlyWith: [Filter]
    /// Parameters (or body fields) besides the key lists and paging.
    public let filters: [Filter]

    /// The path relative to the API base, e.g. `/v1/contracts`.
    public func path(version: Int) -> String { "/v\(version)/\(name)" }

    /// The paging of a call that sends `query` (besides paging).
    func paging(sending query: [QueryItem]) -> Paging {
        guard !pagedOnlyWith.isEmpty else { return paging }
        return query.contains { item in pagedOnlyWith.contains { $0.rawValue == item.name } } ? paging : .single
    }

    /// The most values of `parameter` one call takes.
    func cap(_ parameter: String) -> Int {
        keys.first { $0.parameter == parameter }?.cap ?? 1
    }

    static let suppliers = KeyList(parameter: "suppliers", cap: 10)
    static let nobbNumbers = KeyList(parameter: "nobbNumbers", cap: 20)
    /// Suppliers a purchase-order POST and products a supplier entry: nkq's own caps (the API documents none).
    static let orderSuppliers = KeyList(parameter: "suppliers", cap: 10)
    static let orderProducts = KeyList(parameter: "products", cap: 20)

    public static let contracts = APIResource(
        name: "contracts", method: .get, defaultVersion: 1, keys: [suppliers],
        paging: .pages(parameter: "page", first: 1, size: 10, sizeParameter: "count", stop: .shortPage), pagedOnlyWith: [],
        filters: [.from, .to, .onlyActiveConditions])
    public static let prices = APIResource(
        name: "prices", method: .get, defaultVersion: 1, keys: [suppliers, nobbNumbers],
        paging: .pages(parameter: "contractPage", first: 1, size: 10, sizeParameter: "contractsPerPage", stop: .emptyPage),
        pagedOnlyWith: [.calculationDate, .changedAfterDate],
        filters: [.calculationDate, .changedAfterDate])
    public static let zones = APIResource(
        name: "zones", method: .get, defaultVersion: 1, keys: [suppliers], paging: .single, pagedOnlyWith: [], filters: [])
    public static let purchaseorder = APIResource(
        name: "purchaseorder", method: .post, defaultVersion: 1, keys: [orderSuppliers, orderProducts], paging: .single,
        pagedOnlyWith: [], filters: [.storeParticipantNo, .deliveryPostalCode, .deliveryType, .calculationDate, .orderValue, .quantity])

    public static let all: [APIResource] = [contracts, prices, zones, purchaseorder]

    public static func named(_ name: String) -> APIResource? {
        all.first { $0.name == name.lowercased() }
    }

    /// The API resource a query source reads (`conditions` reads contracts, `orderprices` purchase orders).
    public static func read(by source: String) -> APIResource? {
        switch source {
        case "contracts", "conditions": contracts
        case "prices": prices
        case "zones": zones
        case "orderprices": purchaseorder
        default: nil
        }
    }
}

extension APIResource {
    /// One line for docs/language.md, e.g. "`GET /v1/contracts`: at most 10 suppliers a call;
    /// pages of 10 (`page`, size in `count`) until a short page; filters `from`, `to`, `onlyActiveConditions`."
    public func summary(versions: APIVersions = APIVersions()) -> String {
        var parts = ["`\(method.rawValue) \(versions.path(of: self))`"]
        var details = keys.map { "at most \($0.cap) \($0.parameter) a call" }
        if case .pages(let parameter, _, let size, let sizeParameter, let stop) = paging {
            let until = stop == .shortPage ? "a short page" : "an empty page"
            let only = pagedOnlyWith.isEmpty ? "" : ", only with " + pagedOnlyWith.map { "`\($0.rawValue)`" }.joined(separator: " or ")
            details.append("pages of \(size) (`\(parameter)`, size in `\(sizeParameter)`) until \(until)" + only)
        }
        if !filters.isEmpty {
            details.append("filters " + filters.map { "`\($0.rawValue)`" }.joined(separator: ", "))
        }
        parts.append(details.joined(separator: "; "))
        return parts.joined(separator: ": ") + "."
    }
}
