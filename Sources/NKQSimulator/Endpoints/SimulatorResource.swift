import HTTPTypes

/// The four API resources. Each is versioned on its own and may have its own rate-limit window.
public enum SimulatorResource: String, CaseIterable, Sendable, Hashable {
    case contracts, prices, zones, purchaseorder

    var method: HTTPRequest.Method { self == .purchaseorder ? .post : .get }

    public func path(version: Int) -> String { "/nobbkontrakt/v\(version)/\(rawValue)" }
}
