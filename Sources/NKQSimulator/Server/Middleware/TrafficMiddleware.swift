import Foundation
import Hummingbird

/// Counts every answer for `GET /_sim/stats` (the `/_sim/` paths excepted) and, with
/// `--verbose`, writes one line per request to standard error. Tokens never appear in the line.
struct TrafficMiddleware: RouterMiddleware {
    typealias Context = SimulatorRequestContext

    let state: SimulatorState

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await answer(request, context, next)
        let path = request.uri.path
        if !path.hasPrefix("/_sim/") {
            state.stats.record(path: path, status: response.status.code)
        }
        if state.configuration.logRequests {
            log(request, context, response.status.code, elapsed: ContinuousClock.now - started)
        }
        return response
    }

    private func log(_ request: Request, _ context: Context, _ status: Int, elapsed: Duration) {
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        let query = request.uri.query.map { "?" + $0 } ?? ""
        let client = try? AuthenticationMiddleware.client(
            authorization: request.headers[.authorization], tokens: state.tokens, now: context.receivedAt
        ).get()
        let who = client.map { " client=\($0.clientID)" } ?? ""
        let line = "\(request.method.rawValue) \(request.uri.path)\(query) \(status) \(String(format: "%.1f", milliseconds)) ms\(who)\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}
