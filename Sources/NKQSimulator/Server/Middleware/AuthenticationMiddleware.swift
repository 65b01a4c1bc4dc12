import Foundation
import Hummingbird

/// Requires a valid `Bearer` token and puts its client in the context; 401 otherwise.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = SimulatorRequestContext

    let tokens: TokenStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.client = try Self.client(
            authorization: request.headers[.authorization], tokens: tokens, now: context.receivedAt
        ).get()
        return try await next(request, context)
    }

    /// The client behind an `Authorization` header, or the 401 to answer. Tokens never appear in messages.
    static func client(authorization header: String?, tokens: TokenStore, now: Double) -> Result<SimulatorClient, ProblemDetails> {
        guard let header, !header.isEmpty else {
            return .failure(.unauthorized("An Authorization: Bearer header is required."))
        }
        let parts = header.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            return .failure(.unauthorized(
                "The Authorization header must be 'Bearer <token>'.",
                challenge: "Bearer error=\"invalid_request\", error_description=\"malformed Authorization header\""))
        }
        switch tokens.lookup(String(parts[1]), now: now) {
        case .valid(let client):
            return .success(client)
        case .unknown:
            return .failure(.unauthorized(
                "The access token is not valid.",
                challenge: "Bearer error=\"invalid_token\", error_description=\"unknown token\""))
        case .expired:
            return .failure(.unauthorized(
                "The access token expired.",
                challenge: "Bearer error=\"invalid_token\", error_description=\"the token expired\""))
        }
    }
}
