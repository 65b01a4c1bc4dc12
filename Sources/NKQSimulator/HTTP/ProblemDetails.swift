import HTTPTypes
import Hummingbird

/// An RFC 7807 error body; `errors` names each offending parameter (ASP.NET Core style). Thrown
/// anywhere below the router, it becomes the answer.
struct ProblemDetails: HTTPResponseError, Sendable {
    var status: HTTPResponse.Status
    var detail: String
    var errors: ValidationErrors = ValidationErrors()
    var headers: HTTPFields = HTTPFields()

    init(_ status: HTTPResponse.Status, _ detail: String, errors: ValidationErrors = ValidationErrors()) {
        self.status = status
        self.detail = detail
        self.errors = errors
    }

    static func validation(_ errors: ValidationErrors) -> ProblemDetails {
        ProblemDetails(.badRequest, "See the errors property for details.", errors: errors)
    }

    static func unauthorized(_ detail: String, challenge: String = "Bearer") -> ProblemDetails {
        var problem = ProblemDetails(.unauthorized, detail)
        problem.headers[.wwwAuthenticate] = challenge
        return problem
    }

    var title: String {
        switch status.code {
        case 400: "One or more validation errors occurred."
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 429: "Too Many Requests"
        case 502: "Bad Gateway"
        default: "An error occurred while processing your request."
        }
    }

    var type: String {
        switch status.code {
        case 400: "https://tools.ietf.org/html/rfc7231#section-6.5.1"
        case 401: "https://tools.ietf.org/html/rfc7235#section-3.1"
        case 403: "https://tools.ietf.org/html/rfc7231#section-6.5.3"
        case 404: "https://tools.ietf.org/html/rfc7231#section-6.5.4"
        case 405: "https://tools.ietf.org/html/rfc7231#section-6.5.5"
        case 429: "https://tools.ietf.org/html/rfc6585#section-4"
        case 502: "https://tools.ietf.org/html/rfc7231#section-6.6.3"
        default: "https://tools.ietf.org/html/rfc7231#section-6.6.1"
        }
    }

    var json: SimJSON {
        var members: [(String, SimJSON)] = [
            ("type", .string(type)), ("title", .string(title)),
            ("status", .int(status.code)), ("detail", .string(detail)),
        ]
        if !errors.isEmpty {
            members.append(("errors", .object(errors.entries.map { ($0.name, .array($0.messages.map(SimJSON.string))) })))
        }
        return .object(members)
    }

    func response(from request: Request, context: some RequestContext) -> Response {
        SimResponse(self).response
    }
}

/// Messages per parameter, in the order the parameters were checked.
struct ValidationErrors: Sendable {
    private(set) var entries: [(name: String, messages: [String])] = []

    var isEmpty: Bool { entries.isEmpty }

    mutating func add(_ name: String, _ message: String) {
        if let index = entries.firstIndex(where: { $0.name == name }) {
            entries[index].messages.append(message)
        } else {
            entries.append((name, [message]))
        }
    }
}
