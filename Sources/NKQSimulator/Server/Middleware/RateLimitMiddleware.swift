import Hummingbird

/// Counts the call in every window that applies to its resource: 429 when any is empty. Every
/// answer after authentication carries the `x-ratelimit-*` headers of the tightest window, unless
/// the resource is configured to answer without them.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = SimulatorRequestContext

    let resource: SimulatorResource
    let limiter: RateLimiter
    let sendsHeaders: Bool
    let sendsRetryAfter: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let client = context.client else { return try await next(request, context) }
        let decision = limiter.take(client.clientID, resource: resource, now: context.receivedAt)
        var response: Response
        if decision.allowed {
            response = try await answer(request, context, next)
        } else {
            var problem = ProblemDetails(
                .tooManyRequests,
                "Rate limit of \(decision.limit) calls per \(decision.windowSeconds) s reached; the window resets at \(decision.reset) (UNIX seconds).")
            if sendsRetryAfter {
                problem.headers[.retryAfter] = String(decision.retryAfter)
            }
            response = problem.response(from: request, context: context)
        }
        if sendsHeaders {
            response.headers.append(contentsOf: decision.headers)
        }
        return response
    }
}
