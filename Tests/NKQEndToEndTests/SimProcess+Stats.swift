import NKQKit
import NKQTestSupport

extension SimProcess {
    /// Calls to the prices endpoint so far, as the simulator counts them (`/_sim/stats`).
    func priceCalls() async throws -> Int {
        // The other end-to-end suites block the cooperative pool while their nkq child runs, so
        // this request may wait there for a minute or more: its deadline is the suite's, not 30 s.
        let response = try await AsyncHTTPTransport().send(HTTPRequestSpec(method: "GET", url: baseURL + "/_sim/stats",
                                                                           timeout: .seconds(600)))
        let byPath = try JSONValue.parse(bytes: response.body)["byPath"].objectValue ?? JSONObject()
        return byPath.filter { $0.key.hasSuffix("/prices") }.reduce(0) { $0 + ($1.value.intValue ?? 0) }
    }
}

extension SimProcess {
    /// Answers the simulator served with `status` so far (`/_sim/stats` `byStatus`).
    func served(status: Int) async throws -> Int {
        let response = try await AsyncHTTPTransport().send(HTTPRequestSpec(method: "GET", url: baseURL + "/_sim/stats",
                                                                           timeout: .seconds(600)))
        return try JSONValue.parse(bytes: response.body)["byStatus"][String(status)].intValue ?? 0
    }
}
