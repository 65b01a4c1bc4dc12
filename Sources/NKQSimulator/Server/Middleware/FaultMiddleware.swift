import Hummingbird

/// `--fault-rate`: answers the injector's share of calls with 500 or 502.
struct FaultMiddleware: RouterMiddleware {
    typealias Context = SimulatorRequestContext

    let faults: FaultInjector

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let fault = faults.nextFault() {
            throw ProblemDetails(fault, "Simulated fault (--fault-rate \(faults.rate)).")
        }
        return try await next(request, context)
    }
}
