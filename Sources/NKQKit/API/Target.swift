import Foundation

/// Where a session sends its calls: what it is (named in the banner, the prompt and `.profile`,
/// so that a real endpoint is never mistaken for the simulator), the API base, the token
/// endpoint and the credentials. A target always has its addresses: the embedded simulator of a
/// script becomes one when it has started.
public struct Target: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The simulator started in-process, with its demo client.
        case embeddedSimulator
        /// `--profile NAME`.
        case profile(String)
        /// `--endpoint` with credentials from the environment.
        case endpoint
    }

    public var kind: Kind
    /// API base without a trailing slash, e.g. `https://api.byggtjeneste.no/nobbkontrakt`.
    public var apiBaseURL: String
    /// The OAuth token endpoint, e.g. `https://auth.byggtjeneste.no/api/v1/token`.
    public var tokenURL: String
    public var credentials: Credentials

    public init(kind: Kind = .endpoint, apiBaseURL: String, tokenURL: String, credentials: Credentials) {
        var base = apiBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.kind = kind
        self.apiBaseURL = base
        self.tokenURL = tokenURL
        self.credentials = credentials
    }

    /// The embedded simulator's demo client.
    public static let simulatorCredentials = Credentials(clientID: "demo", clientSecret: "demo-secret")

    /// The embedded simulator at its addresses.
    public static func embeddedSimulator(apiBaseURL: String, tokenURL: String) -> Target {
        Target(kind: .embeddedSimulator, apiBaseURL: apiBaseURL, tokenURL: tokenURL, credentials: simulatorCredentials)
    }

    /// Names the API in the response cache: the API base, or for the embedded simulator, whose
    /// port changes with each run while its data does not, a fixed name.
    public var cacheName: String {
        kind == .embeddedSimulator ? "embedded simulator" : apiBaseURL
    }

    /// Shown in the prompt: `nkq(sim)> `, `nkq(prod)> `, `nkq(api.example.no)> `.
    public var promptName: String {
        switch kind {
        case .embeddedSimulator: "sim"
        case .profile(let name): name
        case .endpoint: URL(string: apiBaseURL)?.host ?? "remote"
        }
    }

    /// One line for the banner: what, where, as whom. Never the secret.
    public var summary: String {
        switch kind {
        case .embeddedSimulator: "embedded simulator at \(apiBaseURL) (client \(credentials.clientID))"
        case .profile(let name): "profile '\(name)': \(apiBaseURL) (client \(credentials.clientID))"
        case .endpoint: "endpoint \(apiBaseURL) (client \(credentials.clientID))"
        }
    }

    /// The lines of `.profile`.
    public var details: [(String, String)] {
        var out: [(String, String)] = [
            ("target", summary),
            ("api", apiBaseURL),
            ("token url", tokenURL),
            ("client id", credentials.clientID),
            ("client secret", "set (hidden)"),
        ]
        if let scope = credentials.scope { out.insert(("scope", scope), at: 3) }
        return out
    }

    public var description: String { "Target(api: \(apiBaseURL), token: \(tokenURL), \(credentials))" }
}
