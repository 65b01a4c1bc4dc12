import Foundation

/// Where credentials (the client secret, a token) may go: absolute http(s) URLs, plain http
/// only to loopback. Checked for configured URLs and again for every redirect hop.
enum CredentialDestination {
    static let loopbackHosts: Set<String> = ["127.0.0.1", "localhost", "::1", "[::1]"]

    /// Why `url` may not receive credentials, or nil when it may.
    static func refusal(_ url: URL) -> String? {
        guard let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty
        else { return "'\(url.absoluteString)' is not an http(s) URL" }
        if scheme == "http", !loopbackHosts.contains(host.lowercased()) {
            return "refusing to send credentials over plain http to \(host)"
        }
        return nil
    }
}
