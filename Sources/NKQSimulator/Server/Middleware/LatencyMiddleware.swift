import Hummingbird

/// `--latency`: delays every API answer.
struct LatencyMiddleware: RouterMiddleware {
    typealias Context = SimulatorRequestContext

    let milliseconds: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if milliseconds > 0 {
            try? await Task.sleep(for: .milliseconds(milliseconds))
        }
        return try await next(request, context)
    }
}
