import Foundation
import HTTPTypes
import Hummingbird
import NKQTestSupport
import Synchronization
@testable import NKQKit

/// One request as the scripted server saw it.
struct ScriptedRequest: Sendable {
    var method: String
    var path: String
    var query: [String: String]
    var authorization: String?
    var body: String
    /// 0-based number of this request among the API requests the server received.
    var index: Int
}

/// What the scripted server answers.
enum ScriptedReply: Sendable {
    case respond(status: Int, body: String, headers: [(String, String)] = [])
    /// Sends the headers and part of the body, then closes the connection.
    case dropConnection
    /// Answers after a pause (a slow server, for timeouts and cancellation).
    indirect case delayed(Duration, ScriptedReply)
    /// A body of raw bytes (a compressed one, say) with the headers given and no others.
    case bytes(status: Int, body: [UInt8], headers: [(String, String)])
    /// A 200 whose body comes one byte every `interval` (a body that never times out by reads alone).
    case trickle(body: String, interval: Duration)

    static func json(_ body: String, headers: [(String, String)] = []) -> ScriptedReply {
        .respond(status: 200, body: body, headers: headers)
    }

    /// A JSON array of objects `{"id": n}` for the given ids.
    static func ids(_ ids: some Sequence<Int>, headers: [(String, String)] = []) -> ScriptedReply {
        .json("[" + ids.map { "{\"id\":\($0)}" }.joined(separator: ",") + "]", headers: headers)
    }
}

/// A real HTTP server on loopback whose API answers each test scripts; it stops when the test
/// ends (the test needs `.stopsServers`). `/token` issues
/// `tok-1`, `tok-2`, … unless scripted otherwise; every other path goes to `api`.
final class ScriptedServer: Sendable {
    let baseURL: String
    private let record: Record
    private let task: Task<Void, any Error>

    /// What the server's handlers saw.
    private final class Record: Sendable {
        let api = Mutex<[ScriptedRequest]>([])
        let tokens = Mutex<[String]>([])
        let handling = Mutex((now: 0, peak: 0))
    }

    var apiBaseURL: String { baseURL + "/api" }
    var tokenURL: String { baseURL + "/token" }
    var requests: [ScriptedRequest] { record.api.withLock { $0 } }
    var tokenRequestBodies: [String] { record.tokens.withLock { $0 } }
    /// The most API requests being handled at once.
    var peakConcurrency: Int { record.handling.withLock { $0.peak } }

    typealias TokenScript = @Sendable (_ form: String, _ number: Int) async -> ScriptedReply

    static let issueTokens: TokenScript = { _, number in
        .json("{\"access_token\":\"tok-\(number)\",\"token_type\":\"Bearer\",\"expires_in\":3600}")
    }

    static func start(host: String = "127.0.0.1", token: @escaping TokenScript = issueTokens,
                      api: @escaping @Sendable (ScriptedRequest) async throws -> ScriptedReply) async throws
        -> ScriptedServer
    {
        let record = Record()
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            var request = request
            let body = String(buffer: try await request.collectBody(upTo: 1 << 20))
            let path = request.uri.path
            if path == "/token" {
                let number = record.tokens.withLock { $0.append(body); return $0.count }
                return try await render(await token(body, number))
            }
            var query: [String: String] = [:]
            for pair in (request.uri.query ?? "").split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                query[parts[0].removingPercentEncoding ?? parts[0]] =
                    parts.count > 1 ? (parts[1].removingPercentEncoding ?? parts[1]) : ""
            }
            let seen = record.api.withLock { log -> ScriptedRequest in
                let entry = ScriptedRequest(
                    method: request.method.rawValue, path: path, query: query,
                    authorization: request.headers[.authorization], body: body, index: log.count)
                log.append(entry)
                return entry
            }
            record.handling.withLock { $0.now += 1; $0.peak = max($0.peak, $0.now) }
            defer { record.handling.withLock { $0.now -= 1 } }
            return try await render(try await api(seen))
        }
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname(host, port: 0)),
            onServerRunning: { channel in
                portSink.yield(channel.localAddress?.port ?? 0)
                portSink.finish()
            })
        // If the server stops (or never binds), the port stream ends instead of waiting forever.
        let task = Task {
            defer { portSink.finish() }
            try await app.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw CancellationError()
        }
        let server = ScriptedServer(baseURL: "http://\(host):\(port)", record: record, task: task)
        ServersToStop.register { await server.stop() }
        return server
    }

    private init(baseURL: String, record: Record, task: Task<Void, any Error>) {
        self.baseURL = baseURL
        self.record = record
        self.task = task
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }

    /// A session on this server with the demo client.
    func session(secret: String = "demo-secret", transport: any HTTPTransport = AsyncHTTPTransport(),
                 time: TimeSource = .continuous) -> APISession {
        APISession(target: Target(apiBaseURL: apiBaseURL, tokenURL: tokenURL,
                                  credentials: Credentials(clientID: "demo", clientSecret: secret)),
                   transport: transport, time: time)
    }

    /// Not cancellable: a handler cancelled by the server's shutdown trips an assertion in NIO's
    /// writer, and a real slow server does not stop when its client gives up either.
    private static func pause(_ pause: Duration) async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().asyncAfter(deadline: .now() + pause.seconds) { done.resume() }
        }
    }

    private static func render(_ reply: ScriptedReply) async throws -> Response {
        switch reply {
        case .delayed(let pause, let next):
            await Self.pause(pause)
            return try await render(next)
        case .respond(let status, let body, let extra):
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            for (name, value) in extra {
                if let field = HTTPField.Name(name) { headers.append(HTTPField(name: field, value: value)) }
            }
            return Response(status: .init(code: status), headers: headers,
                            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        case .bytes(let status, let body, let extra):
            var headers = HTTPFields()
            for (name, value) in extra {
                if let field = HTTPField.Name(name) { headers.append(HTTPField(name: field, value: value)) }
            }
            return Response(status: .init(code: status), headers: headers,
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        case .trickle(let body, let interval):
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            let bytes = Array(body.utf8)
            return Response(status: .ok, headers: headers, body: ResponseBody(contentLength: bytes.count) { writer in
                for byte in bytes {
                    try await writer.write(ByteBuffer(bytes: [byte]))
                    await Self.pause(interval)
                }
                try await writer.finish(nil)
            })
        case .dropConnection:
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            headers[.contentLength] = "1000"
            return Response(status: .ok, headers: headers, body: ResponseBody(contentLength: 1000) { writer in
                try await writer.write(ByteBuffer(string: "[{\"id\":"))
                throw CancellationError()
            })
        }
    }
}

/// Server-side quota: a fixed window of `limit` calls per `seconds`, aligned to the clock like
/// the API's, answering 429 beyond it. Headers per the project's dialect (reset in UNIX seconds).
final class FixedWindow: Sendable {
    let limit: Int
    let seconds: Int
    private let state = Mutex((window: 0, used: 0, served429: 0))

    init(limit: Int, seconds: Int) {
        self.limit = limit
        self.seconds = seconds
    }

    var served429: Int { state.withLock { $0.served429 } }

    /// Counts one call; nil when it fits, else the 429 reply. `headers` are to be sent either way.
    func admit() -> (headers: [(String, String)], throttled: ScriptedReply?) {
        let now = Date().timeIntervalSince1970
        let window = Int(now) / seconds
        return state.withLock { s in
            if s.window != window { s = (window, 0, s.served429) }
            let reset = String((window + 1) * seconds)
            if s.used >= limit {
                s.served429 += 1
                let headers = [("x-ratelimit-limit", "\(limit)"), ("x-ratelimit-remaining", "0"),
                               ("x-ratelimit-reset", reset)]
                return (headers, .respond(status: 429, body: "{\"title\":\"Too Many Requests\"}", headers: headers))
            }
            s.used += 1
            return ([("x-ratelimit-limit", "\(limit)"), ("x-ratelimit-remaining", "\(limit - s.used)"),
                     ("x-ratelimit-reset", reset)], nil)
        }
    }
}

/// Decorates the real transport to count calls in flight (to see cancellation arrive).
final class TrackingTransport: HTTPTransport {
    let base: any HTTPTransport
    private let counts = Mutex((inFlight: 0, sent: 0))

    init(base: any HTTPTransport = AsyncHTTPTransport()) {
        self.base = base
    }

    var inFlight: Int { counts.withLock { $0.inFlight } }
    var sent: Int { counts.withLock { $0.sent } }

    func send(_ request: HTTPRequestSpec) async throws -> HTTPResponseSpec {
        counts.withLock { $0.inFlight += 1; $0.sent += 1 }
        defer { counts.withLock { $0.inFlight -= 1 } }
        return try await base.send(request)
    }
}

extension Plan {
    /// A plan of GET requests to `path` with `page` query items, by hand (the planner is elsewhere).
    static func requests(_ requests: [PlannedRequest], shape: RowShape = .elements, dedupKey: [[String]]? = nil,
                         fetchLimit: Int? = nil, maxCalls: Int? = 100, estimate: Int? = nil) -> Plan {
        Plan(source: .api(requests: requests, shape: shape), dedupKey: dedupKey, fetchLimit: fetchLimit,
             cost: PlanCost(min: requests.count, max: maxCalls, estimate: estimate))
    }
}

extension [JSONValue] {
    var ids: [Int] { map { $0["id"].intValue ?? -1 } }
}
