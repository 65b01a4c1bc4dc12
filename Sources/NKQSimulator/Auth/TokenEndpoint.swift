import Foundation
import HTTPTypes
import Hummingbird

/// `POST /api/v1/token` (OAuth 2.0 client credentials) and the legacy `POST /api/clientaccess`.
/// Both answer `{"access_token","token_type":"Bearer","expires_in"}`; errors follow RFC 6749 §5.2.
struct TokenEndpoint: Sendable {
    enum Style: Sendable {
        case oauth
        case legacy
    }

    let tokens: TokenStore

    func respond(body: ByteBuffer, headers: HTTPFields, style: Style, now: Double) -> SimResponse {
        let contentType = headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/x-www-form-urlencoded") else {
            return Self.error(.badRequest, "invalid_request", "The body must be application/x-www-form-urlencoded.")
        }
        guard let form = Self.parseForm(String(decoding: body.readableBytesView, as: UTF8.self)) else {
            return Self.error(.badRequest, "invalid_request", "The form body is malformed.")
        }
        var clientID: String?
        var secret: String?
        switch style {
        case .oauth:
            guard let grantType = form["grant_type"] else {
                return Self.error(.badRequest, "invalid_request", "grant_type is required.")
            }
            guard grantType == "client_credentials" else {
                return Self.error(.badRequest, "unsupported_grant_type", "Only client_credentials is supported.")
            }
            clientID = form["client_id"]
            secret = form["client_secret"]
            if clientID == nil, secret == nil, let basic = Self.basicCredentials(headers[.authorization]) {
                (clientID, secret) = basic
            }
        case .legacy:
            clientID = form["clientId"]
            secret = form["clientSecret"]
        }
        let names = style == .oauth ? ("client_id", "client_secret") : ("clientId", "clientSecret")
        guard let clientID, !clientID.isEmpty else {
            return Self.error(.badRequest, "invalid_request", "\(names.0) is required.")
        }
        guard let secret, !secret.isEmpty else {
            return Self.error(.badRequest, "invalid_request", "\(names.1) is required.")
        }
        guard let client = SimulatorClient.named(clientID), client.secret == secret else {
            var response = Self.error(.unauthorized, "invalid_client", "Client authentication failed.")
            response.headers[.wwwAuthenticate] = "Basic"
            return response
        }
        var response = SimResponse(status: .ok, json: .object([
            ("access_token", .string(tokens.issue(for: client, now: now))),
            ("token_type", .string("Bearer")),
            ("expires_in", .int(tokens.lifetimeSeconds)),
        ]))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    private static func error(_ status: HTTPResponse.Status, _ code: String, _ description: String) -> SimResponse {
        var response = SimResponse(status: status, json: .object([
            ("error", .string(code)), ("error_description", .string(description)),
        ]))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// `application/x-www-form-urlencoded`; nil when a pair cannot be decoded. The first value wins.
    static func parseForm(_ text: String) -> [String: String]? {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]), let value = decode(parts.count > 1 ? parts[1] : "") else { return nil }
            if fields[name] == nil { fields[name] = value }
        }
        return fields
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    private static func basicCredentials(_ header: String?) -> (String, String)? {
        guard let header, header.lowercased().hasPrefix("basic "),
            let data = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
            let text = String(data: data, encoding: .utf8),
            let colon = text.firstIndex(of: ":")
        else { return nil }
        return (decode(text[..<colon]) ?? "", decode(text[text.index(after: colon)...]) ?? "")
    }
}
