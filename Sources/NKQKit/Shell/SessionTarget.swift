import Foundation

/// The API a session talks to, with its credentials. Every session names it (banner, prompt,
/// `.profile`), so that a real endpoint is never mistaken for the simulator or the other way round.
public struct SessionTarget: Sendable {
    public enum Kind: Sendable, Hashable {
        case embeddedSimulator
        /// The embedded simulator of a script run: started at the first statement that calls
        /// the API, so that scripts reading only files or stdin never pay for it.
        case embeddedSimulatorOnFirstCall
        case profile(String)
        case endpoint
    }

    public var kind: Kind
    /// API base, e.g. `https://api.byggtjeneste.no/nobbkontrakt`.
    public var apiBaseURL: String
    /// OAuth token endpoint (`…/api/v1/token`).
    public var tokenURL: String
    public var scope: String?
    public var clientID: String
    public var clientSecret: Secret

    public init(kind: Kind, apiBaseURL: String, tokenURL: String, scope: String?, clientID: String, clientSecret: Secret) {
        self.kind = kind
        self.apiBaseURL = apiBaseURL
        self.tokenURL = tokenURL
        self.scope = scope
        self.clientID = clientID
        self.clientSecret = clientSecret
    }

    /// The simulator started in-process, with its demo client.
    public static func embeddedSimulator(apiBaseURL: String, tokenURL: String,
                                         clientID: String = "demo", clientSecret: String = "demo-secret") -> SessionTarget {
        SessionTarget(kind: .embeddedSimulator, apiBaseURL: apiBaseURL, tokenURL: tokenURL, scope: nil,
               clientID: clientID, clientSecret: Secret(clientSecret))
    }

    /// The embedded simulator before it is started: no address yet.
    public static func embeddedSimulatorOnFirstCall(clientID: String = "demo", clientSecret: String = "demo-secret") -> SessionTarget {
        SessionTarget(kind: .embeddedSimulatorOnFirstCall, apiBaseURL: "", tokenURL: "", scope: nil,
                      clientID: clientID, clientSecret: Secret(clientSecret))
    }

    /// Shown in the prompt: `nkq(sim)> `, `nkq(prod)> `, `nkq(api.example.no)> `.
    public var promptName: String {
        switch kind {
        case .embeddedSimulator, .embeddedSimulatorOnFirstCall: "sim"
        case .profile(let name): name
        case .endpoint: URL(string: apiBaseURL)?.host ?? "remote"
        }
    }

    /// One line for the banner: what, where, as whom. Never the secret.
    public var summary: String {
        switch kind {
        case .embeddedSimulator: "embedded simulator at \(apiBaseURL) (client \(clientID))"
        case .embeddedSimulatorOnFirstCall: "embedded simulator, started at the first API call (client \(clientID))"
        case .profile(let name): "profile '\(name)': \(apiBaseURL) (client \(clientID))"
        case .endpoint: "endpoint \(apiBaseURL) (client \(clientID))"
        }
    }

    /// The lines of `.profile`.
    public var details: [(String, String)] {
        let onFirstCall = kind == .embeddedSimulatorOnFirstCall
        let notYet = "(a free loopback port, chosen at the first API call)"
        var out: [(String, String)] = [
            ("target", summary),
            ("api", onFirstCall ? notYet : apiBaseURL),
            ("token url", onFirstCall ? notYet : tokenURL),
            ("client id", clientID),
            ("client secret", "set (hidden)"),
        ]
        if let scope { out.insert(("scope", scope), at: 3) }
        return out
    }
}
