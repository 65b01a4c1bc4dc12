/// One HTTP request as the transport sends it.
public struct HTTPRequestSpec: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
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

    /// `dump` shows header names only and no body.
    public var customMirror: Mirror {
        Mirror(self, children: ["method": method, "url": url, "headers": headers.map(\.name),
                                "body": body.map { "<\($0.count) bytes>" } as Any])
    }
}
