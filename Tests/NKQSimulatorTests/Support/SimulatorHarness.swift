import AsyncHTTPClient
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
@testable import NKQSimulator

/// One HTTP answer from the simulator.
struct HTTPReply: Sendable {
    let status: Int
    /// Header names lower-cased.
    let headers: [String: String]
    let body: Data

    func header(_ name: String) -> String? { headers[name.lowercased()] }

    var text: String { String(decoding: body, as: UTF8.self) }

    func json() throws -> Any { try JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) }

    func objects() throws -> [[String: Any]] {
        guard let array = try json() as? [[String: Any]] else { throw HarnessError.unexpectedShape(text) }
        return array
    }

    func object() throws -> [String: Any] {
        guard let object = try json() as? [String: Any] else { throw HarnessError.unexpectedShape(text) }
        return object
    }

    /// The parameter names in a problem-details `errors` object.
    func errorNames() throws -> Set<String> {
        Set(((try object())["errors"] as? [String: Any])?.keys.map { $0 } ?? [])
    }
}

enum HarnessError: Error {
    case unexpectedShape(String)
    case noToken(String)
}

/// Helpers to call a simulator: `run` builds one and calls it in-process through its router (no
/// socket); `live` starts one on a free loopback port; `init(baseURL:)` talks to one already running.
struct SimulatorHarness: Sendable {
    private enum Transport: Sendable {
        case loopback(String)
        case router(any TestClientProtocol)
    }

    private let transport: Transport

    init(baseURL: String) {
        transport = .loopback(baseURL)
    }

    private init(_ transport: Transport) {
        self.transport = transport
    }

    static func configuration(_ configure: (inout SimulatorConfiguration) throws -> Void) rethrows -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration()
        try configure(&configuration)
        return configuration
    }

    static func run<Result>(
        _ configure: (inout SimulatorConfiguration) throws -> Void = { _ in },
        _ body: @Sendable (SimulatorHarness) async throws -> Result
    ) async throws -> Result {
        let application = try SimulatorServer.makeApplication(try configuration(configure))
        return try await application.test(.router) { client in
            try await body(SimulatorHarness(.router(client)))
        }
    }

    static func live<Result>(
        _ configure: (inout SimulatorConfiguration) throws -> Void = { _ in },
        _ body: (SimulatorHarness) async throws -> Result
    ) async throws -> Result {
        let server = try await SimulatorServer.start(try configuration(configure))
        do {
            let result = try await body(SimulatorHarness(baseURL: server.baseURL))
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    func send(
        _ method: String, _ path: String, headers: [(String, String)] = [], body: String? = nil
    ) async throws -> HTTPReply {
        switch transport {
        case .loopback(let baseURL):
            var request = HTTPClientRequest(url: baseURL + path)
            request.method = .init(rawValue: method)
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            if let body { request.body = .bytes(Array(body.utf8)) }
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            let buffer = try await response.body.collect(upTo: 64 << 20)
            var fields: [String: String] = [:]
            for header in response.headers { fields[header.name.lowercased()] = header.value }
            return HTTPReply(status: Int(response.status.code), headers: fields, body: Data(buffer.readableBytesView))
        case .router(let client):
            var fields = HTTPFields()
            for (name, value) in headers {
                if let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) }
            }
            let response = try await client.executeRequest(
                uri: path, method: HTTPRequest.Method(method) ?? .get, headers: fields,
                body: body.map { ByteBuffer(string: $0) })
            var replyFields: [String: String] = [:]
            for field in response.headers { replyFields[field.name.canonicalName] = field.value }
            return HTTPReply(status: response.status.code, headers: replyFields, body: Data(response.body.readableBytesView))
        }
    }

    func requestToken(client: String = "demo", secret: String? = nil) async throws -> HTTPReply {
        let form = "grant_type=client_credentials&client_id=\(client)&client_secret=\(secret ?? client + "-secret")"
        return try await send(
            "POST", "/api/v1/token", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: form)
    }

    func token(_ client: String = "demo") async throws -> String {
        let reply = try await requestToken(client: client)
        guard let token = try reply.object()["access_token"] as? String else { throw HarnessError.noToken(reply.text) }
        return token
    }

    func get(_ path: String, token: String) async throws -> HTTPReply {
        try await send("GET", path, headers: [("Authorization", "Bearer \(token)")])
    }

    func post(_ path: String, token: String, json: String) async throws -> HTTPReply {
        try await send(
            "POST", path, headers: [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json")], body: json)
    }

    /// Every contract of one supplier, read page by page with `count=10`.
    func allContracts(supplier: Int, token: String, extra: String = "") async throws -> [[String: Any]] {
        var contracts: [[String: Any]] = []
        for page in 1...100 {
            let reply = try await get("/nobbkontrakt/v1/contracts?count=10&page=\(page)&suppliers=\(supplier)\(extra)", token: token)
            let rows = try reply.objects()
            contracts += rows
            if rows.count < 10 { break }
        }
        return contracts
    }
}

/// Today in Norway as `yyyy-MM-dd`, computed independently of the simulator.
func osloToday(offsetDays: Int = 0) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "Europe/Oslo")
    formatter.dateFormat = "yyyy-MM-dd"
    return formatter.string(from: Date().addingTimeInterval(Double(offsetDays) * 86_400))
}

func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }

