/// Every route the simulator serves. The responder dispatches from this list and a test checks
/// that `docs/openapi.yaml` describes each entry, so the two cannot drift apart.
public struct SimulatorRoute: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case token, legacyToken, contracts, prices, zones, purchaseOrder, stats, reset
    }

    /// Upper-case HTTP method, e.g. `GET`.
    public let method: String
    /// Path from the server root.
    public let path: String
    let kind: Kind

    var isAPI: Bool { [.contracts, .prices, .zones, .purchaseOrder].contains(kind) }
    var isControl: Bool { kind == .stats || kind == .reset }

    public static let all: [SimulatorRoute] = [
        SimulatorRoute(method: "POST", path: "/api/v1/token", kind: .token),
        SimulatorRoute(method: "POST", path: "/api/clientaccess", kind: .legacyToken),
        SimulatorRoute(method: "GET", path: "/nobbkontrakt/v1/contracts", kind: .contracts),
        SimulatorRoute(method: "GET", path: "/nobbkontrakt/v1/prices", kind: .prices),
        SimulatorRoute(method: "GET", path: "/nobbkontrakt/v1/zones", kind: .zones),
        SimulatorRoute(method: "POST", path: "/nobbkontrakt/v1/purchaseorder", kind: .purchaseOrder),
        SimulatorRoute(method: "GET", path: "/_sim/stats", kind: .stats),
        SimulatorRoute(method: "POST", path: "/_sim/reset", kind: .reset),
    ]
}
