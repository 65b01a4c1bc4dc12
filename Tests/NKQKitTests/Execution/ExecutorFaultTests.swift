import Foundation
import Testing
import NKQTestSupport
@testable import NKQKit

/// Retries, HTTP errors and authentication against a scripted loopback server.
@Suite(.timeLimit(.minutes(1)), .stopsServers) struct ExecutorFaultTests {
    static let one = Plan.requests([PlannedRequest(path: "/v1/items", query: [QueryItem("q", "1")])])
    static let fastRetry = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10))

    @Test func serverErrorsAreRetriedAndTheRowsComeOnce() async throws {
        let server = try await ScriptedServer.start { request in
            switch request.index {
            case 0: .respond(status: 500, body: #"{"title":"boom"}"#)
            case 1: .respond(status: 502, body: "")
            default: .ids([1, 2, 3])
            }
        }
        let execution = try Executor(session: server.session(), options: ExecutionOptions(retry: Self.fastRetry))
            .run(Self.one)
        #expect(try await execution.collect().ids == [1, 2, 3])
        #expect(execution.stats.calls == 3)
        #expect(execution.stats.retries == 2)
    }

    @Test(arguments: [503, 504])
    func otherGatewayErrorsAreRetried(status: Int) async throws {
        let server = try await ScriptedServer.start { request in
            request.index == 0 ? .respond(status: status, body: "") : .ids([1])
        }
        let execution = try Executor(session: server.session(), options: ExecutionOptions(retry: Self.fastRetry))
            .run(Self.one)
        #expect(try await execution.collect().ids == [1])
        #expect(execution.stats.retries == 1)
    }

    @Test func a503sRetryAfterIsWaitedOutBeforeTheNextTry() async throws {
        let server = try await ScriptedServer.start { request in
            request.index == 0 ? .respond(status: 503, body: "", headers: [("Retry-After", "1")]) : .ids([1])
        }
        let started = ContinuousClock.now
        let execution = try Executor(session: server.session(), options: ExecutionOptions(retry: Self.fastRetry))
            .run(Self.one)
        #expect(try await execution.collect().ids == [1])
        #expect(execution.stats.retries == 1)
        #expect(ContinuousClock.now - started >= .milliseconds(950))  // fastRetry alone waits milliseconds
    }

    @Test func aRetriedPageYieldsItsRowsOnce() async throws {
        // Page 2 fails once: its rows may only appear after it succeeded, once.
        let server = try await ScriptedServer.start { request in
            let page = Int(request.query["page"] ?? "") ?? 0
            if page == 2, request.index == 1 { return .dropConnection }
            return .ids(page == 1 ? Array(0..<2) : page == 2 ? [2, 3] : [4])
        }
        let request = PlannedRequest(path: "/v1/items", query: [QueryItem("page", "1")],
                                     paging: .pages(parameter: "page", first: 1, size: 2, sizeParameter: "count", stop: .shortPage))
        let execution = try Executor(session: server.session(), options: ExecutionOptions(retry: Self.fastRetry))
            .run(.requests([request]))
        #expect(try await execution.collect().ids == [0, 1, 2, 3, 4])
        #expect(execution.stats.retries == 1)
    }

    @Test func aDroppedConnectionIsRetried() async throws {
        let server = try await ScriptedServer.start { request in
            request.index == 0 ? .dropConnection : .ids([7])
        }
        let execution = try Executor(session: server.session(), options: ExecutionOptions(retry: Self.fastRetry))
            .run(Self.one)
        #expect(try await execution.collect().ids == [7])
        #expect(execution.stats.retries == 1)
    }

    @Test func aTimeoutIsRetriedThenReported() async throws {
        let server = try await ScriptedServer.start { _ in .delayed(.milliseconds(800), .ids([1])) }
        let options = ExecutionOptions(retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(10)),
                                       requestTimeout: .milliseconds(150))
        let execution = try Executor(session: server.session(), options: options).run(Self.one)
        await #expect {
            _ = try await execution.collect()
        } throws: { error in
            guard case ExecutionError.transport(_, let reason) = error else { return false }
            return reason.contains("timed out") && (error as? ExecutionError)?.status == .failed
        }
        #expect(execution.stats.calls == 2)
        #expect(execution.stats.retries == 1)
    }

    @Test func aBadRequestIsNotRetriedAndCarriesTheProblemDetails() async throws {
        let server = try await ScriptedServer.start { _ in
            .respond(status: 400, body: #"""
            {"type":"https://tools.ietf.org/html/rfc7231#section-6.5.1","title":"One or more validation errors occurred.",
             "status":400,"errors":{"count":["The field count must be between 1 and 10."]}}
            """#)
        }
        let execution = try Executor(session: server.session()).run(Self.one)
        await #expect {
            _ = try await execution.collect()
        } throws: { error in
            guard let error = error as? ExecutionError, case .http(400, _, let detail) = error else { return false }
            return detail == "One or more validation errors occurred.; count: The field count must be between 1 and 10."
                && error.status == .failed
        }
        #expect(server.requests.count == 1)
        #expect(!execution.stats.complete)
    }

    @Test func forbiddenIsNotRetriedAndExitsWithFour() async throws {
        let server = try await ScriptedServer.start { _ in
            .respond(status: 403, body: #"{"title":"Forbidden","detail":"store 99 is not in your chain"}"#)
        }
        await #expect {
            _ = try await Executor(session: server.session()).run(Self.one).collect()
        } throws: { error in
            guard let error = error as? ExecutionError, case .forbidden(_, let detail) = error else { return false }
            return detail == "store 99 is not in your chain" && error.status == .unauthorized
        }
        #expect(server.requests.count == 1)
    }

    @Test func a401RefreshesTheTokenOnceAndResends() async throws {
        let server = try await ScriptedServer.start { request in
            request.authorization == "Bearer tok-1"
                ? .respond(status: 401, body: "", headers: [("WWW-Authenticate", "Bearer")])
                : .ids([1])
        }
        let execution = try Executor(session: server.session()).run(Self.one)
        #expect(try await execution.collect().ids == [1])
        #expect(server.tokenRequestBodies.count == 2)
        #expect(server.requests.map(\.authorization) == ["Bearer tok-1", "Bearer tok-2"])
        #expect(execution.stats.calls == 2)
        #expect(execution.stats.retries == 0)
    }

    @Test func aSecond401IsAnAuthenticationError() async throws {
        let server = try await ScriptedServer.start { _ in .respond(status: 401, body: "") }
        await #expect {
            _ = try await Executor(session: server.session()).run(Self.one).collect()
        } throws: { error in
            guard let error = error as? ExecutionError, case .authentication = error else { return false }
            return error.status == .unauthorized
        }
        #expect(server.tokenRequestBodies.count == 2)
        #expect(server.requests.count == 2)
    }

    @Test func aWrongSecretIsAnAuthenticationErrorThatNeverShowsTheSecret() async throws {
        let secret = "s3cr3t-value-XYZ"
        // A careless token endpoint that echoes what it got.
        let server = try await ScriptedServer.start(token: { form, _ in
            .respond(status: 401, body: #"{"error":"invalid_client","error_description":"bad secret in \#(form)"}"#)
        }) { _ in .ids([1]) }
        let session = server.session(secret: secret)
        let execution = try Executor(session: session).run(Self.one)
        var thrown: (any Error)?
        do { _ = try await execution.collect() } catch { thrown = error }
        let error = try #require(thrown as? ExecutionError)
        #expect(error.status == .unauthorized)
        let texts = [error.description, String(describing: error), String(reflecting: error),
                     error.diagnostic.message, execution.stats.partialReason ?? "",
                     String(describing: session.target), String(reflecting: session.target.credentials)]
        for text in texts { #expect(!text.contains(secret)) }
        #expect(error.description.contains("invalid_client"))
        #expect(server.requests.isEmpty)
        // The form did carry it, percent-encoded.
        #expect(server.tokenRequestBodies.first?.contains("client_secret=s3cr3t-value-XYZ") == true)
    }

    @Test func concurrentCallsShareOneTokenFetch() async throws {
        let server = try await ScriptedServer.start(token: { _, number in
            .delayed(.milliseconds(200), .json(#"{"access_token":"tok-\#(number)","expires_in":3600}"#))
        }) { _ in .ids([1]) }
        let requests = (0..<8).map { PlannedRequest(path: "/v1/items", query: [QueryItem("n", "\($0)")]) }
        let rows = try await Executor(session: server.session()).run(.requests(requests)).collect()
        #expect(rows.count == 8)
        #expect(server.tokenRequestBodies.count == 1)
        #expect(Set(server.requests.map(\.authorization)) == ["Bearer tok-1"])
    }

    @Test func aShortLivedTokenIsRefreshedBeforeItExpires() async throws {
        let server = try await ScriptedServer.start(token: { _, number in
            .json(#"{"access_token":"tok-\#(number)","token_type":"Bearer","expires_in":1}"#)
        }) { _ in .ids([1]) }
        let time = ManualTime()
        let session = server.session(time: time.source)
        let executor = Executor(session: session, options: ExecutionOptions(useCache: false))
        _ = try await executor.run(Self.one).collect()
        time.advance(by: .milliseconds(950))  // past 90 % of the 1 s lifetime
        _ = try await executor.run(Self.one).collect()
        #expect(server.requests.map(\.authorization) == ["Bearer tok-1", "Bearer tok-2"])
        #expect(await session.tokens.fetches == 2)
    }

    @Test func theTokenRequestIsAClientCredentialsForm() async throws {
        let server = try await ScriptedServer.start { _ in .ids([]) }
        let session = APISession(target: Target(
            apiBaseURL: server.apiBaseURL + "/", tokenURL: server.tokenURL,
            credentials: Credentials(clientID: "demo", clientSecret: "a&b=c d", scope: "api://x/.default")))
        _ = try await Executor(session: session).run(Self.one).collect()
        #expect(server.tokenRequestBodies == [
            "grant_type=client_credentials&client_id=demo&client_secret=a%26b%3Dc%20d&scope=api%3A%2F%2Fx%2F.default",
        ])
        #expect(server.requests.first?.path == "/api/v1/items")
    }
}

/// The statement's share of retries: the breaker and the budget.
@Suite(.timeLimit(.minutes(1)), .stopsServers) struct RetryBudgetTests {
    static func requests(_ count: Int) -> Plan {
        .requests((0..<count).map { PlannedRequest(path: "/v1/items", query: [QueryItem("q", "\($0)")]) })
    }

    @Test func theBreakerOpensAfterThresholdFailuresInARowAndAnAnswerClosesTheCount() {
        let budget = RetryBudget(policy: RetryPolicy(breakerThreshold: 3))
        #expect(budget.failed(request: "GET /a", reason: "500") == nil)
        #expect(budget.failed(request: "GET /b", reason: "502") == nil)
        budget.succeeded()
        #expect(budget.failed(request: "GET /a", reason: "500") == nil)
        #expect(budget.failed(request: "GET /b", reason: "500") == nil)
        let refusal = budget.failed(request: "GET /c", reason: "the API answered 502")
        #expect(refusal?.request == "GET /c")
        #expect(refusal?.why.contains("3 tries in a row failed") == true)
        #expect(budget.refusal == refusal)
        budget.succeeded()
        #expect(budget.refusal == refusal)  // open for good: the statement ends
    }

    @Test func theBudgetGrowsWithAnswers() {
        let budget = RetryBudget(policy: RetryPolicy(breakerThreshold: 100, retryBudget: 2, retriesPerSuccess: 1))
        #expect(budget.failed(request: "GET /a", reason: "500") == nil)
        #expect(budget.failed(request: "GET /a", reason: "500") == nil)
        #expect(budget.failed(request: "GET /a", reason: "500")?.why.contains("2 retries for 0 answers") == true)
        budget.succeeded()
        #expect(budget.failed(request: "GET /a", reason: "500") == nil)
    }

    @Test func anAPIThatIsDownIsGivenUpOnAfterABoundedNumberOfCalls() async throws {
        let server = try await ScriptedServer.start { _ in .respond(status: 500, body: #"{"title":"down"}"#) }
        let policy = RetryPolicy(baseDelay: .milliseconds(1), maxDelay: .milliseconds(5))
        let execution = try Executor(session: server.session(), options: ExecutionOptions(concurrency: 4, retry: policy))
            .run(Self.requests(50))
        await #expect {
            _ = try await execution.collect()
        } throws: { error in
            guard let error = error as? ExecutionError, case .gaveUp(let request, let reason, let why) = error else { return false }
            return request.hasPrefix("GET \(server.apiBaseURL)/v1/items?q=") && reason == "the API answered 500"
                && why.contains("20 tries in a row failed") && error.status == .failed
        }
        // The breaker's 20 failures, plus at most the other calls in flight when it opened.
        #expect(server.requests.count >= 20)
        #expect(server.requests.count <= 20 + 3)
    }

    @Test func aStatementWhoseCallsMostlyFailSpendsItsBudgetAndStops() async throws {
        // Two of every three calls fail: more retries than answers, and no long run of failures.
        let server = try await ScriptedServer.start { request in
            request.index % 3 == 2 ? .ids([request.index]) : .respond(status: 502, body: "")
        }
        let policy = RetryPolicy(maxAttempts: 100, baseDelay: .milliseconds(1), maxDelay: .milliseconds(2),
                                 retryBudget: 4, retriesPerSuccess: 1)
        let execution = try Executor(session: server.session(), options: ExecutionOptions(concurrency: 1, retry: policy))
            .run(Self.requests(30))
        await #expect {
            _ = try await execution.collect()
        } throws: { error in
            guard case ExecutionError.gaveUp(_, _, let why) = error else { return false }
            return why.contains("the API fails most calls")
        }
        #expect(server.requests.count < 30)
    }
}
