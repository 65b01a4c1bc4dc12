import HTTPTypes
import Hummingbird

/// A status, extra headers and a JSON body; turned into a Hummingbird `Response` in one place.
struct SimResponse: ResponseGenerator, Sendable {
    var status: HTTPResponse.Status
    var headers = HTTPFields()
    var json: SimJSON
    var contentType = "application/json; charset=utf-8"

    init(status: HTTPResponse.Status, json: SimJSON) {
        self.status = status
        self.json = json
    }

    init(_ problem: ProblemDetails) {
        status = problem.status
        headers = problem.headers
        json = problem.json
        contentType = "application/problem+json; charset=utf-8"
    }

    var response: Response {
        var fields = headers
        fields[.contentType] = contentType
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: json.bytes)))
    }

    func response(from request: Request, context: some RequestContext) -> Response { response }
}
