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
    /// The connection could not be made, or closed before the response was complete.
    case connectionLost(String)
    /// The request could not be built (bad URL).
    case invalidRequest(String)
    /// The response body was larger than the transport accepts.
    case responseTooLarge(Int)

    public var description: String {
        switch self {
        case .timeout: "the request timed out"
        case .connectionLost(let why): "the connection failed: \(why)"
        case .invalidRequest(let why): "invalid request: \(why)"
        case .responseTooLarge(let limit): "the response is larger than \(limit) bytes"
        }
    }

    /// Timeouts and dropped connections are worth another try; a bad request is not.
    public var isRetryable: Bool {
        switch self {
        case .timeout, .connectionLost: true
        case .invalidRequest, .responseTooLarge: false
        }
    }
}
