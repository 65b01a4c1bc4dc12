/// One HTTP request as the transport sends it.
public struct HTTPRequestSpec: Sendable, Hashable, CustomStringConvertible {
    public var method: String
    public var url: String
    public var headers: HTTPHeaderFields
    public var body: [UInt8]?
    /// Deadline for the whole exchange, response body included.
    public var timeout: Duration

    public init(method: String, url: String, headers: HTTPHeaderFields = [:], body: [UInt8]? = nil,
                timeout: Duration = .seconds(30)) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    /// Method and URL only: headers carry the token and token bodies carry the secret.
    public var description: String { "\(method) \(url)" }
}
