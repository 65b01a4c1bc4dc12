import HTTPTypes
import Hummingbird

/// `--sunset`: every answer of a resource's current version announces its end, with `Sunset`
/// (RFC 8594, an HTTP date) and `Deprecation` (RFC 9745, `@` UNIX seconds). The deprecation is
/// dated 183 days (six months) before the sunset, as the API announces an end at least that early.
struct DeprecationMiddleware: RouterMiddleware {
    typealias Context = SimulatorRequestContext

    static let deprecationField = HTTPField.Name("Deprecation")!
    static let sunsetField = HTTPField.Name("Sunset")!

    let deprecation: String
    let sunset: String

    init(sunset day: Day) {
        deprecation = "@\((day.number - 183) * 86_400)"
        sunset = day.httpDate
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await answer(request, context, next)
        response.headers[Self.deprecationField] = deprecation
        response.headers[Self.sunsetField] = sunset
        return response
    }
}
