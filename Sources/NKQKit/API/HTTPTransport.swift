/// Sends one HTTP request. The executor's quota, retry and auth logic sits above this, so any
/// implementation (async-http-client, or another client later) gets the same behaviour.
public protocol HTTPTransport: Sendable {
    /// Throws `TransportError` for timeouts and connection failures, `CancellationError` when
    /// the calling task is cancelled. HTTP error statuses are responses, not errors.
    func send(_ request: HTTPRequestSpec) async throws -> HTTPResponseSpec
}

/// Why no response arrived.
public enum TransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The request's deadline passed.
    case timeout
    /// The connection closed before the response was complete.
    case connectionLost(String)
    /// No connection could be made at all: no such host, nothing listening. Not a passing fault.
    case unreachable(String)
    /// A redirect that may not be followed (another host, or plain http).
    case redirectRefused(String)
    /// The request could not be built (bad URL).
    case invalidRequest(String)
    /// The response body was larger than the transport accepts.
    case responseTooLarge(Int)

    public var description: String {
        switch self {
        case .timeout: "the request timed out"
        case .connectionLost(let why): "the connection failed: \(why)"
        case .unreachable(let why): why
        case .redirectRefused(let why): why
        case .invalidRequest(let why): "invalid request: \(why)"
        case .responseTooLarge(let limit): "the response is larger than \(limit) bytes"
        }
    }

    /// Timeouts and dropped connections are worth another try; a host that does not exist or
    /// does not listen, a bad request or a refused redirect is not.
    public var isRetryable: Bool {
        switch self {
        case .timeout, .connectionLost: true
        case .unreachable, .redirectRefused, .invalidRequest, .responseTooLarge: false
        }
    }
}
