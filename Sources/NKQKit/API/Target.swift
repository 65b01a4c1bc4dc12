/// Where statements send their calls: the API base, the token endpoint and the credentials.
public struct Target: Sendable, Hashable, CustomStringConvertible {
    /// API base without a trailing slash, e.g. `https://api.byggtjeneste.no/nobbkontrakt`.
    public var apiBaseURL: String
    /// The OAuth token endpoint, e.g. `https://auth.byggtjeneste.no/api/v1/token`.
    public var tokenURL: String
    public var credentials: Credentials

    public init(apiBaseURL: String, tokenURL: String, credentials: Credentials) {
        var base = apiBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.apiBaseURL = base
        self.tokenURL = tokenURL
        self.credentials = credentials
    }

    public var description: String { "Target(api: \(apiBaseURL), token: \(tokenURL), \(credentials))" }
}
