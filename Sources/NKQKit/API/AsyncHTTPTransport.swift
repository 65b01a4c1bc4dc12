import AsyncHTTPClient

/// `HTTPTransport` over async-http-client. Uses `HTTPClient.shared` unless given a client, whose
/// lifetime then stays with the caller.
public struct AsyncHTTPTransport: HTTPTransport {
    public let client: HTTPClient
    /// Bodies above this size are refused rather than held in memory.
    public var maxResponseBytes: Int

    public init(client: HTTPClient = .shared, maxResponseBytes: Int = 64 << 20) {
        self.client = client
        self.maxResponseBytes = maxResponseBytes
    }

    public func send(_ spec: HTTPRequestSpec) async throws -> HTTPResponseSpec {
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
        do {
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
        } catch {
            throw Self.classify(error)
        }
    }

    /// Maps the client's errors onto the few kinds the executor acts on.
    static func classify(_ error: any Error) -> any Error {
        if error is CancellationError || error is TransportError { return error }
        if Task.isCancelled { return CancellationError() }
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout:
                return TransportError.timeout
            case .cancelled:
                return CancellationError()
            case .invalidURL, .emptyHost, .emptyScheme:
                return TransportError.invalidRequest(String(describing: error))
            default:
                return TransportError.connectionLost(String(describing: error))
            }
        }
        return TransportError.connectionLost(String(describing: error))
    }
}
