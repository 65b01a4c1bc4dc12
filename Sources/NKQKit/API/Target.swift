/// Where statements send their calls: the API base, the token endpoint and the credentials.
public struct Target: Sendable, Hashable, CustomStringConvertible {
    /// API base without a trailing slash, e.g. `https://api.byggtjeneste.no/nobbkontrakt`.
    public var apiBaseURL: String
    /// The OAuth token endpoint, e.g. `https://auth.byggtjeneste.no/api/v1/token`.
    public var tokenURL: String
    public var credentials: Credentials
    /// Names the API in the response cache: the API base, or a fixed name for a target whose
    /// address changes from run to run while its data does not (the embedded simulator).
    public var cacheName: String

    public init(apiBaseURL: String, tokenURL: String, credentials: Credentials, cacheName: String? = nil) {
        var base = apiBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.apiBaseURL = base
        self.cacheName = cacheName ?? base
        self.tokenURL = tokenURL
        self.credentials = credentials
    }

    public var description: String { "Target(api: \(apiBaseURL), token: \(tokenURL), \(credentials))" }
}
