/// Every route the simulator serves. The router is built from this list and a test checks that
/// `docs/openapi.yaml` describes each entry of the default configuration, so the two cannot drift apart.
public struct SimulatorRoute: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case token, legacyToken, api(SimulatorResource), stats, reset
    }

    /// Upper-case HTTP method, e.g. `GET`.
    public let method: String
    /// Path from the server root.
    public let path: String
    let kind: Kind

    var isAPI: Bool {
        if case .api = kind { return true }
        return false
    }

    /// The routes of a simulator with `configuration` (API paths carry each resource's version).
    static func routes(_ configuration: SimulatorConfiguration) -> [SimulatorRoute] {
        [
            SimulatorRoute(method: "POST", path: "/api/v1/token", kind: .token),
            SimulatorRoute(method: "POST", path: "/api/clientaccess", kind: .legacyToken),
        ]
            + SimulatorResource.allCases.map { resource in
                SimulatorRoute(
                    method: resource.method.rawValue, path: resource.path(version: configuration.version(of: resource)),
                    kind: .api(resource))
            }
            + [
                SimulatorRoute(method: "GET", path: "/_sim/stats", kind: .stats),
                SimulatorRoute(method: "POST", path: "/_sim/reset", kind: .reset),
            ]
    }

    /// The routes of `nkq sim` without flags.
    public static let all = routes(SimulatorConfiguration())
}
