import Foundation
import Testing
import NKQTestSupport
@testable import NKQKit

@Suite struct CredentialsTests {
    let credentials = Credentials(clientID: "demo", clientSecret: "top-secret-123", scope: "api://x/.default")

    @Test func theSecretNeverPrints() {
        var dumped = ""
        dump(credentials, to: &dumped)
        let token = AccessToken(value: "eyJhbGciOi.token", refreshAt: .now)
        var dumpedToken = ""
        dump(token, to: &dumpedToken)
        let target = Target(apiBaseURL: "http://x/", tokenURL: "http://x/token", credentials: credentials)
        for text in [String(describing: credentials), String(reflecting: credentials), "\(credentials)", dumped,
                     String(describing: target), String(reflecting: target)] {
            #expect(!text.contains("top-secret-123"))
            #expect(text.contains("demo"))
        }
        for text in [String(describing: token), String(reflecting: token), dumpedToken] {
            #expect(!text.contains("eyJhbGciOi"))
        }
        #expect(target.apiBaseURL == "http://x")
    }

    @Test func requestsPrintWithoutHeaderValuesOrBodies() {
        let request = HTTPRequestSpec(method: "POST", url: "http://h/token", headers: ["Authorization": "Bearer abc.def"],
                                      body: Array("client_secret=top-secret-123".utf8))
        var dumped = ""
        dump(request, to: &dumped)
        for text in [String(describing: request), String(reflecting: request), dumped] {
            #expect(!text.contains("abc.def"))
            #expect(!text.contains("top-secret-123"))
        }
    }

    @Test func refreshTimingFitsLongAndShortLifetimes() {
        #expect(AccessToken.lifetime(expiresIn: 3600) == .seconds(3540))
        #expect(AccessToken.lifetime(expiresIn: 2) == .milliseconds(1800))
        #expect(AccessToken.lifetime(expiresIn: 0) == .zero)
    }

    @Test func redactionAlsoCatchesTheEncodedSecret() {
        let text = "got client_secret=a%26b%3Dc and a&b=c"
        #expect(text.redacting(["a&b=c"]) == "got client_secret=<redacted> and <redacted>")
    }
}

@Suite struct ProblemDetailsTests {
    @Test func validationErrorsAreListed() {
        let problem = ProblemDetails(body: Array(#"""
        {"title":"One or more validation errors occurred.","status":400,
         "errors":{"count":["must be 1..10"],"page":["must be >= 1","is required"]}}
        """#.utf8))
        #expect(problem.summary == "One or more validation errors occurred.; count: must be 1..10; page: must be >= 1; page: is required")
    }

    @Test func detailWinsOverTitle() {
        #expect(ProblemDetails(body: Array(#"{"title":"Forbidden","detail":"no subscription"}"#.utf8)).summary
            == "no subscription")
    }

    @Test func oauthErrorsNameTheirCode() {
        #expect(ProblemDetails(body: Array(#"{"error":"invalid_client","error_description":"unknown"}"#.utf8)).summary
            == "invalid_client: unknown")
    }

    @Test func anythingElseSaysNothing() {
        #expect(ProblemDetails(body: []).summary == nil)
        #expect(ProblemDetails(body: Array("<html>oops</html>".utf8)).summary == nil)
        #expect(ProblemDetails(body: Array("[1]".utf8)).summary == nil)
    }
}

@Suite struct URLEncodingTests {
    @Test func queryValuesKeepCommas() {
        let url = URLEncoding.url(base: "http://h/api", path: "/v1/prices",
                                  query: [QueryItem("suppliers", "10001,10002"), QueryItem("q", "a b&c=ø")])
        #expect(url == "http://h/api/v1/prices?suppliers=10001,10002&q=a%20b%26c%3D%C3%B8")
    }

    @Test func aPathWithoutQuery() {
        #expect(URLEncoding.url(base: "http://h", path: "v1/zones", query: []) == "http://h/v1/zones")
    }
}

@Suite struct ExecutionStatsTests {
    @Test func theStatsFileLineHasDesignsFieldsInOrder() throws {
        var stats = ExecutionStats()
        stats.calls = 41
        stats.retries = 2
        stats.throttled = 1
        stats.waitedSeconds = 3.14159
        stats.cacheHits = 4
        stats.rows = 120
        stats.elapsedSeconds = 4.5
        stats.complete = true
        let json = stats.json(statement: "get contracts where supplier = 10004")
        #expect(json.objectValue?.keys == ["statement", "calls", "retries", "throttled", "waitedSeconds", "cacheHits",
                                           "rows", "elapsedSeconds", "complete"])
        #expect(json.jsonText() == #"{"statement":"get contracts where supplier = 10004","calls":41,"retries":2,"throttled":1,"waitedSeconds":3.142,"cacheHits":4,"rows":120,"elapsedSeconds":4.5,"complete":true}"#)
    }

    @Test func exitCodesFollowTheDesign() {
        #expect(ExecutionError.http(status: 400, request: "GET /", detail: nil).status == .failed)
        #expect(ExecutionError.rateLimited(resetInSeconds: 3).status == .failed)
        #expect(ExecutionError.transport(request: "GET /", reason: "x").status == .failed)
        #expect(ExecutionError.budgetRefused(maxCalls: 3, planned: 4, estimated: true).status == .partial)
        #expect(ExecutionError.budgetExhausted(maxCalls: 3).status == .partial)
        #expect(ExecutionError.authentication("x").status == .unauthorized)
        #expect(ExecutionError.forbidden(request: "GET /", detail: nil).status == .unauthorized)
        #expect(ExecutionError.budgetRefused(maxCalls: 3, planned: 12).diagnostic.help != nil)
    }
}

@Suite(.timeLimit(.minutes(1)), .stopsServers) struct ExecutorCacheTests {
    @Test func aRepeatedStatementIsAnsweredFromTheCache() async throws {
        let server = try await ScriptedServer.start { _ in .ids([1, 2]) }
        let session = server.session()
        let plan = Plan.requests([PlannedRequest(path: "/v1/zones", query: [QueryItem("suppliers", "10001")])])
        let first = try Executor(session: session).run(plan)
        #expect(try await first.collect().ids == [1, 2])
        #expect(await session.cache.count == 1)
        let second = try Executor(session: session).run(plan)
        #expect(try await second.collect().ids == [1, 2])
        #expect(second.stats.calls == 0)
        #expect(second.stats.cacheHits == 1)
        #expect(server.requests.count == 1)

        let uncached = try Executor(session: session, options: ExecutionOptions(useCache: false)).run(plan)
        _ = try await uncached.collect()
        #expect(uncached.stats.calls == 1)
        await session.cache.clear()
        let cleared = try Executor(session: session).run(plan)
        _ = try await cleared.collect()
        #expect(cleared.stats.calls == 1)
        #expect(server.requests.count == 3)
    }
}
