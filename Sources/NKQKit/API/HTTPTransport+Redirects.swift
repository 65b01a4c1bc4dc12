import Foundation

extension HTTPTransport {
    /// Sends `request`, following up to `maxRedirects` redirects to the same host only, and to
    /// plain http only on loopback (`CredentialDestination`): every request nkq sends carries
    /// the client secret or a token, which must never reach another host. 307 and 308 resend
    /// the method and body; 301, 302 and 303 continue as a GET without body. A redirect
    /// elsewhere throws `TransportError.redirectRefused` naming where it pointed.
    func sendFollowingRedirects(_ request: HTTPRequestSpec, maxRedirects: Int = 5) async throws -> HTTPResponseSpec {
        var current = request
        var hops = 0
        while true {
            let response = try await send(current)
            guard [301, 302, 303, 307, 308].contains(response.status), let location = response.headers["location"] else {
                return response
            }
            guard let from = URL(string: current.url),
                  let to = URL(string: location.trimmingCharacters(in: .whitespaces), relativeTo: from)?.absoluteURL
            else {
                throw TransportError.redirectRefused("\(current) was redirected to an unreadable location")
            }
            let fromHost = from.host?.lowercased(), toHost = to.host?.lowercased()
            if toHost != fromHost || to.port != from.port {
                throw TransportError.redirectRefused(
                    "\(current) was redirected (\(response.status)) to another host, \(to.host ?? "?")"
                        + (to.port.map { ":\($0)" } ?? "") + "; nkq sends credentials to the configured host only")
            }
            if let refusal = CredentialDestination.refusal(to) {
                throw TransportError.redirectRefused("\(current) was redirected (\(response.status)) to \(to.absoluteString): \(refusal)")
            }
            hops += 1
            guard hops <= maxRedirects else {
                throw TransportError.redirectRefused("\(request) was redirected more than \(maxRedirects) times")
            }
            current.url = to.absoluteString
            if ![307, 308].contains(response.status) {
                current.method = "GET"
                current.body = nil
                current.headers.remove("Content-Type")
            }
        }
    }
}
