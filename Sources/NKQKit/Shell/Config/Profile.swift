/// A named target in the config file: `[profile.NAME]`.
public struct Profile: Sendable {
    /// Where the client secret comes from. A literal secret is allowed only in a file that
    /// nobody but its owner can read.
    public enum SecretSource: Sendable {
        /// `client_secret_env = "NAME"`: the value of that environment variable.
        case environment(String)
        /// `client_secret_command = "pass show nobb"`: the command's standard output.
        case command(String)
        /// `client_secret = "…"`.
        case literal(Secret)
    }

    public var name: String
    public var endpoint: String?
    public var tokenURL: String?
    public var scope: String?
    public var clientID: String?
    public var secret: SecretSource?
    /// `[profile.NAME.versions]`, e.g. `prices = "v2"`: the versions this profile calls
    /// (`--api-version` wins over them).
    public var versions = APIVersions()

    public init(name: String, endpoint: String? = nil, tokenURL: String? = nil, scope: String? = nil,
                clientID: String? = nil, secret: SecretSource? = nil) {
        self.name = name
        self.endpoint = endpoint
        self.tokenURL = tokenURL
        self.scope = scope
        self.clientID = clientID
        self.secret = secret
    }

    /// The keys a `[profile.NAME]` table may hold.
    static let keys = ["endpoint", "token_url", "scope", "client_id", "client_secret_env", "client_secret_command",
                       "client_secret"]
}
