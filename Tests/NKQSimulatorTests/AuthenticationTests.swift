import Foundation
import Testing
@testable import NKQSimulator

@Suite struct AuthenticationTests {
    @Test func tokenEndpointIssuesBearerTokens() async throws {
        try await SimulatorHarness.run { sim in
            let reply = try await sim.requestToken()
            #expect(reply.status == 200)
            let body = try reply.object()
            #expect(body["token_type"] as? String == "Bearer")
            #expect(number(body["expires_in"]) == 3600)
            let token = try #require(body["access_token"] as? String)
            #expect(try await sim.get("/nobbkontrakt/v1/zones", token: token).status == 200)
        }
    }

    @Test func legacyClientAccessIssuesTokens() async throws {
        try await SimulatorHarness.run { sim in
            let reply = try await sim.send(
                "POST", "/api/clientaccess", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                body: "clientId=demo&clientSecret=demo-secret&audience=https%3A%2F%2Fnobbkontrakt.byggtjeneste.no")
            #expect(reply.status == 200)
            let body = try reply.object()
            #expect(body["token_type"] as? String == "Bearer")
            let token = try #require(body["access_token"] as? String)
            #expect(try await sim.get("/nobbkontrakt/v1/zones", token: token).status == 200)
        }
    }

    @Test func wrongSecretIsInvalidClient() async throws {
        try await SimulatorHarness.run { sim in
            let reply = try await sim.requestToken(secret: "wrong")
            #expect(reply.status == 401)
            #expect(try reply.object()["error"] as? String == "invalid_client")
            #expect(!reply.text.contains("wrong"))
            let legacy = try await sim.send(
                "POST", "/api/clientaccess", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                body: "clientId=demo&clientSecret=nope")
            #expect(legacy.status == 401)
            #expect(try legacy.object()["error"] as? String == "invalid_client")
            let unknown = try await sim.requestToken(client: "nobody", secret: "x")
            #expect(unknown.status == 401)
        }
    }

    @Test(arguments: [
        ("client_id=demo&client_secret=demo-secret", "invalid_request"),
        ("grant_type=password&client_id=demo&client_secret=demo-secret", "unsupported_grant_type"),
        ("grant_type=client_credentials&client_secret=demo-secret", "invalid_request"),
        ("grant_type=client_credentials&client_id=demo", "invalid_request"),
        ("grant_type=client_credentials&client_id=%ZZ", "invalid_request"),
    ])
    func malformedTokenRequestIsOAuthError(form: String, error: String) async throws {
        try await SimulatorHarness.run { sim in
            let reply = try await sim.send(
                "POST", "/api/v1/token", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: form)
            #expect(reply.status == 400)
            #expect(try reply.object()["error"] as? String == error)
        }
    }

    @Test func tokenRequestMustBeFormEncoded() async throws {
        try await SimulatorHarness.run { sim in
            let reply = try await sim.send(
                "POST", "/api/v1/token", headers: [("Content-Type", "application/json")],
                body: #"{"grant_type":"client_credentials","client_id":"demo","client_secret":"demo-secret"}"#)
            #expect(reply.status == 400)
            #expect(try reply.object()["error"] as? String == "invalid_request")
        }
    }

    @Test(arguments: [nil, "Basic ZGVtbzpkZW1vLXNlY3JldA==", "Bearer", "Bearer not-a-real-token"])
    func missingMalformedOrUnknownTokenIs401(authorization: String?) async throws {
        try await SimulatorHarness.run { sim in
            let headers = authorization.map { [("Authorization", $0)] } ?? []
            for path in ["/nobbkontrakt/v1/contracts?count=1&page=1", "/nobbkontrakt/v1/zones"] {
                let reply = try await sim.send("GET", path, headers: headers)
                #expect(reply.status == 401)
                #expect(reply.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
                #expect(try reply.object()["status"] as? Int == 401)
            }
        }
    }

    @Test func expiredTokenIs401() async throws {
        try await SimulatorHarness.run({ $0.tokenTTLSeconds = 1 }) { sim in
            // The wall clock, as the simulator judges expiry by it.
            let issued = Date()
            let body = try await sim.requestToken().object()
            #expect(number(body["expires_in"]) == 1)
            let token = try #require(body["access_token"] as? String)
            let fresh = try await sim.get("/nobbkontrakt/v1/zones", token: token)
            // A machine too busy to make the call within the second sees it expire already.
            #expect(fresh.status == 200 || Date().timeIntervalSince(issued) >= 1)
            try await Task.sleep(for: .milliseconds(1100))
            let reply = try await sim.get("/nobbkontrakt/v1/zones", token: token)
            #expect(reply.status == 401)
            #expect(reply.header("WWW-Authenticate")?.contains("expired") == true)
        }
    }

    @Test func clientWithoutSubscriptionGets403Everywhere() async throws {
        try await SimulatorHarness.run { sim in
            let token = try await sim.token("nosub")
            for path in [
                "/nobbkontrakt/v1/contracts?count=1&page=1", "/nobbkontrakt/v1/prices?suppliers=10012", "/nobbkontrakt/v1/zones",
            ] {
                let reply = try await sim.get(path, token: token)
                #expect(reply.status == 403, "\(path)")
                #expect(reply.header("x-ratelimit-remaining") != nil)
            }
            let order = try await sim.post(
                "/nobbkontrakt/v1/purchaseorder", token: token,
                json: #"{"suppliers":[{"participantNo":10012,"products":[{"gtin":"7041400009418","count":1}]}]}"#)
            #expect(order.status == 403)
        }
    }
}
