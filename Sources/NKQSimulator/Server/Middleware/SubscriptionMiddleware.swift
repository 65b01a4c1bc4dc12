import Hummingbird

/// 403 for a client without a NOBB Kontrakt subscription.
struct SubscriptionMiddleware: RouterMiddleware {
    typealias Context = SimulatorRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let client = context.client, !client.hasSubscription {
            throw ProblemDetails(.forbidden, "Client \(client.clientID) has no NOBB Kontrakt subscription.")
        }
        return try await next(request, context)
    }
}
