import HTTPTypes
import Hummingbird

/// Answers what the router finds no endpoint for with problem details: 405 with `Allow` when the
/// path is served with another method, 404 otherwise, naming the version now served when the path
/// is a resource's other version.
struct NoRouteMiddleware: RouterMiddleware {
    typealias Context = SimulatorRequestContext

    let routes: [SimulatorRoute]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            throw problem(method: request.method, path: request.uri.path)
        }
    }

    private func problem(method: HTTPRequest.Method, path: String) -> ProblemDetails {
        let candidates = routes.filter { $0.path == path }
        if !candidates.isEmpty {
            var problem = ProblemDetails(.methodNotAllowed, "\(method.rawValue) is not allowed on \(path).")
            problem.headers[.allow] = candidates.map(\.method).joined(separator: ", ")
            return problem
        }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        if segments.count == 4, segments[1] == "nobbkontrakt", segments[2].first == "v",
            let current = routes.first(where: { route in
                if case .api(let resource) = route.kind { return resource.rawValue == segments[3] }
                return false
            })
        {
            return ProblemDetails(
                .notFound, "\(segments[3]) is not served at version \(segments[2]); the current version is at \(current.path).")
        }
        return ProblemDetails(.notFound, "No route for \(path).")
    }
}
