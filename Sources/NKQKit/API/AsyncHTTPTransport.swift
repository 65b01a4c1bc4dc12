import AsyncHTTPClient

/// `HTTPTransport` over async-http-client. Uses `AsyncHTTPTransport.client` unless given one,
/// whose lifetime then stays with the caller.
public struct AsyncHTTPTransport: HTTPTransport {
    public let client: HTTPClient
    /// Bodies above this size (after decompression) are refused rather than held in memory.
    public var maxResponseBytes: Int

    /// The process's client: redirects are returned, not followed (each hop is checked above the
    /// transport); a connection that cannot be made fails at once instead of being tried until
    /// the deadline; compressed answers may expand to `defaultMaxResponseBytes` whatever their ratio
    /// (JSON compresses 50:1 and more).
    public static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(10)),
            decompression: .enabled(limit: .size(defaultMaxResponseBytes)))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    public static let defaultMaxResponseBytes = 64 << 20

    public init(client: HTTPClient = AsyncHTTPTransport.client, maxResponseBytes: Int = defaultMaxResponseBytes) {
        self.client = client
        self.maxResponseBytes = maxResponseBytes
    }

    /// The request's timeout bounds the whole exchange: connecting, the head and every byte of
    /// the body (a body trickled a byte a second is cut off too).
    public func send(_ spec: HTTPRequestSpec) async throws -> HTTPResponseSpec {
        let deadline = ContinuousClock.now + spec.timeout
        do {
            return try await withThrowingTaskGroup(of: HTTPResponseSpec.self) { group in
                group.addTask { try await exchange(spec) }
                group.addTask {
                    try await Task.sleep(until: deadline, clock: .continuous)
                    throw TransportError.timeout
                }
                defer { group.cancelAll() }
                guard let first = try await group.next() else { throw TransportError.timeout }
                return first
            }
        } catch {
            throw Self.classify(error)
        }
    }

    private func exchange(_ spec: HTTPRequestSpec) async throws -> HTTPResponseSpec {
        var request = HTTPClientRequest(url: spec.url)
        request.method = .init(rawValue: spec.method)
        for field in spec.headers {
            request.headers.add(name: field.name, value: field.value)
        }
        if let body = spec.body {
            request.body = .bytes(body)
        }
        let (seconds, attoseconds) = spec.timeout.components
        let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        let response = try await client.execute(request, timeout: .nanoseconds(nanoseconds))
        var body: [UInt8] = []
        for try await chunk in response.body {
            guard body.count + chunk.readableBytes <= maxResponseBytes else {
                throw TransportError.responseTooLarge(maxResponseBytes)
            }
            body.append(contentsOf: chunk.readableBytesView)
        }
        var headers = HTTPHeaderFields()
        for header in response.headers {
            headers.add(header.name, header.value)
        }
        return HTTPResponseSpec(status: Int(response.status.code), headers: headers, body: body)
    }
}
