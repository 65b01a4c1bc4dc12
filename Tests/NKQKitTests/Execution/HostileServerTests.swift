import Foundation
import NKQTestSupport
import Synchronization
import Testing
@testable import NKQKit

/// A server that sends what no API should: numbers that overflow a conversion, waits of
/// centuries, a body trickled a byte at a time, redirects to other hosts, the client's token
/// echoed back. Each case ends with the right rows or a clear error within its time bound, and
/// neither the client secret nor a token appears in any error text.
@Suite(.timeLimit(.minutes(2)), .stopsServers) struct HostileServerTests {
    static let one = Plan.requests([PlannedRequest(path: "/v1/items", query: [QueryItem("q", "1")])])
    static let twoPages = Plan.requests([
        PlannedRequest(path: "/v1/items", query: [QueryItem("page", "1")],
                       paging: .pages(parameter: "page", first: 1, size: 1, sizeParameter: "count", stop: .shortPage)),
    ])
    static let once = RetryPolicy(maxAttempts: 1)
    static let fastRetry = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10))

    /// What a run ended with: its rows, or its error's text (never with the secret or a token).
    struct Outcome {
        var rows: [JSONValue]?
        var error: (any Error)?
        var text: String { error.map { String(describing: $0) + (($0 as? ExecutionError)?.help ?? "") } ?? "" }
        var elapsed: Duration
    }

    func run(_ plan: Plan = one, on session: APISession, options: ExecutionOptions = ExecutionOptions(),
             notices: (@Sendable (String) -> Void)? = nil) async -> Outcome {
        let started = ContinuousClock.now
        var outcome = Outcome(elapsed: .zero)
        do {
            let execution = try Executor(session: session, options: options, notices: notices).run(plan)
            outcome.rows = try await execution.collect()
        } catch {
            outcome.error = error
        }
        outcome.elapsed = ContinuousClock.now - started
        for secret in ["demo-secret", "tok-1", "tok-2", "tok-3"] {
            #expect(!outcome.text.contains(secret), "'\(secret)' in: \(outcome.text)")
        }
        return outcome
    }

    // MARK: Numbers

    @Test(arguments: [
        ["x-ratelimit-limit": "1e300", "x-ratelimit-remaining": "1e300", "x-ratelimit-reset": "1e300"],
        ["x-ratelimit-limit": "inf", "x-ratelimit-remaining": "inf", "x-ratelimit-reset": "inf"],
        ["x-ratelimit-limit": "-1e300", "x-ratelimit-remaining": "nan", "x-ratelimit-reset": "-inf"],
        ["x-ratelimit-limit": "99999999999999999999999", "x-ratelimit-remaining": "5", "x-ratelimit-reset": "-1e300"],
        ["x-ratelimit-remaining": "5", "Date": "Sun, 06 Nov 99999999999999999 08:49:37 GMT", "x-ratelimit-reset": "1e18"],
    ])
    func quotaHeadersOutOfAnyRangeAreClampedOrIgnored(headers: [String: String]) async throws {
        let server = try await ScriptedServer.start { request in
            let page = Int(request.query["page"] ?? "") ?? 0
            return .ids(page == 1 ? [1] : [], headers: headers.map { ($0.key, $0.value) })
        }
        let outcome = await run(Self.twoPages, on: server.session())
        #expect(outcome.rows?.ids == [1], "\(outcome.text)")
    }

    @Test func rateLimitInfoClampsEveryNumber() {
        let info = RateLimitInfo(headers: ["x-ratelimit-limit": "1e300", "x-ratelimit-remaining": "-3",
                                           "x-ratelimit-reset": "1e300", "retry-after": "1e300"],
                                 receivedAt: 1_790_000_000)
        #expect(info.limit == NetworkNumber.maxCount)
        #expect(info.remaining == 0)
        #expect(info.resetIn == NetworkNumber.maxSeconds)
        #expect(info.retryAfter == NetworkNumber.maxSeconds)
        let garbage = RateLimitInfo(headers: ["x-ratelimit-limit": "inf", "x-ratelimit-reset": "nan",
                                              "retry-after": "-inf"], receivedAt: 0)
        #expect(garbage.isEmpty)
        #expect(Duration.seconds(clamping: .infinity) == .seconds(NetworkNumber.maxSeconds))
        #expect(Duration.seconds(clamping: -.infinity) == .zero)
        #expect(Duration.seconds(clamping: .nan) == .zero)
        #expect(AccessToken.lifetime(expiresIn: 1e300) == .seconds(NetworkNumber.maxSeconds - 60))
        #expect(AccessToken.lifetime(expiresIn: .infinity) == .seconds(NetworkNumber.maxSeconds - 60))
        #expect(AccessToken.lifetime(expiresIn: .nan) == .zero)
    }

    @Test(arguments: [#"1e300"#, #""inf""#, #""1e300""#, #"-5"#, #""soon""#, #"1.7976931348623157e308"#])
    func aTokensLifetimeOutOfRangeIsClamped(expiresIn: String) async throws {
        let server = try await ScriptedServer.start(token: { _, number in
            .json(#"{"access_token":"tok-\#(number)","token_type":"Bearer","expires_in":\#(expiresIn)}"#)
        }) { _ in .ids([1]) }
        let session = server.session()
        #expect(await run(on: session).rows?.ids == [1])
        #expect(await run(on: session, options: ExecutionOptions(useCache: false)).rows?.ids == [1])
    }

    // MARK: Waits

    @Test func aResetInTheYear3000EndsTheStatementAtOnce() async throws {
        let server = try await ScriptedServer.start { _ in
            .ids([1], headers: [("x-ratelimit-limit", "10"), ("x-ratelimit-remaining", "0"),
                                ("x-ratelimit-reset", "32503680000")])  // 3000-01-01
        }
        let outcome = await run(Self.twoPages, on: server.session())
        guard case ExecutionError.waitTooLong(let waitFor, let maxWait, false)? = outcome.error else {
            Issue.record("expected waitTooLong, got \(outcome.text)")
            return
        }
        #expect(waitFor > 300 * 86_400)
        #expect(maxWait == 900)
        #expect(outcome.text.contains("longer than --max-wait 15 min"), "\(outcome.text)")
        #expect(outcome.text.contains("raise --max-wait"))
        #expect(outcome.elapsed < .seconds(10))
        #expect(server.requests.count == 1)
    }

    @Test(arguments: ["1e9", "1e300", HTTPDate.format(32_503_680_000)])
    func a429sHugeRetryAfterEndsTheStatementAtOnce(retryAfter: String) async throws {
        let server = try await ScriptedServer.start { _ in
            .respond(status: 429, body: #"{"title":"Too Many Requests"}"#, headers: [("Retry-After", retryAfter)])
        }
        let outcome = await run(on: server.session())
        guard case ExecutionError.waitTooLong(_, _, true)? = outcome.error else {
            Issue.record("expected waitTooLong, got \(outcome.text)")
            return
        }
        #expect(outcome.text.contains("Retry-After of a 429"), "\(outcome.text)")
        #expect(outcome.elapsed < .seconds(10))
        #expect(server.requests.count == 1)
    }

    @Test func maxWaitIsTheUsersToSet() async throws {
        let server = try await ScriptedServer.start { _ in
            .ids([1], headers: [("x-ratelimit-limit", "10"), ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "30")])
        }
        let outcome = await run(Self.twoPages, on: server.session(), options: ExecutionOptions(maxWait: .seconds(5)))
        #expect(outcome.text.contains("opens again in 30 s, longer than --max-wait 5 s"), "\(outcome.text)")
        #expect(outcome.elapsed < .seconds(10))
    }

    @Test func aLongWaitIsSaidOnceWithWhatItWaitsFor() async throws {
        let server = try await ScriptedServer.start { request in
            let page = Int(request.query["page"] ?? "") ?? 0
            return page == 1
                ? .ids([1], headers: [("x-ratelimit-limit", "10"), ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "6")])
                : .ids([])
        }
        let notes = Mutex<[String]>([])
        let outcome = await run(Self.twoPages, on: server.session()) { note in notes.withLock { $0.append(note) } }
        #expect(outcome.rows?.ids == [1], "\(outcome.text)")
        #expect(notes.withLock { $0.count } == 1)
        // 6 s, plus the margin after the reset, rounded up; the window is named by its endpoint.
        #expect(notes.withLock { $0.first }.map { $0.hasPrefix("the API's rate limit is reached in the items window; waiting ") && $0.hasSuffix(" s for it to reset") } == true,
                "\(notes.withLock { $0 })")
    }

    @Test func twenty429sInARowSayWhatHappened() async throws {
        let server = try await ScriptedServer.start { _ in
            .respond(status: 429, body: "", headers: [("Retry-After", "0")])
        }
        let outcome = await run(on: server.session(), options: ExecutionOptions(maxThrottlesPerCall: 3))
        guard case ExecutionError.throttled(_, 4)? = outcome.error else {
            Issue.record("expected throttled, got \(outcome.text)")
            return
        }
        #expect(!outcome.text.contains("--on-limit fail"))
        #expect(outcome.text.contains("429 (too many requests) 4 times to GET"), "\(outcome.text)")
        #expect(server.requests.count == 4)
    }

    // MARK: Timeouts and connections

    @Test func aTrickledBodyIsCutOffAtTheTimeout() async throws {
        // 92 bytes at 300 ms each: 28 s for the whole body, against a 1 s timeout. A body read to
        // its end gives rows, not a timeout, so the error proves the cut; the bound is generous
        // because the suite shares two cores with other builds.
        let body = "[" + (1...10).map { "{\"id\":\($0)}" }.joined(separator: ",") + "]"
        let server = try await ScriptedServer.start { _ in .trickle(body: body, interval: .milliseconds(300)) }
        let outcome = await run(on: server.session(), options: ExecutionOptions(retry: Self.once, requestTimeout: .seconds(1)))
        guard case ExecutionError.transport(_, let reason)? = outcome.error else {
            Issue.record("expected a timeout, got \(outcome.text)")
            return
        }
        #expect(reason == "the request timed out")
        #expect(outcome.elapsed < .seconds(15))
    }

    @Test func aHungTokenEndpointIsNamed() async throws {
        let server = try await ScriptedServer.start(token: { _, _ in .delayed(.seconds(3), .json("{}")) }) { _ in .ids([1]) }
        let session = APISession(
            target: Target(apiBaseURL: server.apiBaseURL, tokenURL: server.tokenURL,
                           credentials: Credentials(clientID: "demo", clientSecret: "demo-secret")),
            tokenTimeout: .milliseconds(500))
        let outcome = await run(on: session, options: ExecutionOptions(retry: Self.once))
        #expect(outcome.text.contains("token endpoint (POST \(server.tokenURL)): the request timed out"), "\(outcome.text)")
        #expect(!outcome.text.contains("/v1/items"))
    }

    @Test func aRefusedPortFailsFastWithoutRetries() async throws {
        let closed = try await ScriptedServer.start { _ in .ids([]) }
        await closed.stop()  // its port now refuses connections
        let outcome = await run(on: closed.session())
        guard case ExecutionError.tokenEndpoint(_, let reason)? = outcome.error else {
            Issue.record("expected the token endpoint unreachable, got \(outcome.text)")
            return
        }
        #expect(!reason.isRetryable)
        #expect(outcome.text.contains("refused"), "\(outcome.text)")
        #expect(outcome.elapsed < .seconds(5))
    }

    @Test func anUnknownHostFailsFastWithoutRetries() async throws {
        let session = APISession(target: Target(apiBaseURL: "http://nkq-test.invalid/api", tokenURL: "http://nkq-test.invalid/token",
                                                credentials: Credentials(clientID: "demo", clientSecret: "demo-secret")))
        let outcome = await run(on: session, options: ExecutionOptions(requestTimeout: .seconds(10)))
        guard case ExecutionError.tokenEndpoint(_, let reason)? = outcome.error else {
            Issue.record("expected the token endpoint unreachable, got \(outcome.text)")
            return
        }
        #expect(!reason.isRetryable, "\(reason)")
        #expect(outcome.text.contains("could not be resolved"), "\(outcome.text)")
        #expect(outcome.elapsed < .seconds(15))
    }

    @Test func aResetConnectionIsTriedAgainAsAPassingFault() async throws {
        let listener = try ResettingListener()
        let session = APISession(target: Target(apiBaseURL: listener.baseURL + "/api", tokenURL: listener.baseURL + "/token",
                                                credentials: Credentials(clientID: "demo", clientSecret: "demo-secret")))
        let outcome = await run(on: session, options: ExecutionOptions(retry: Self.fastRetry))
        guard case ExecutionError.tokenEndpoint(_, let reason)? = outcome.error, case .connectionLost = reason else {
            Issue.record("expected the token endpoint's connection lost, got \(outcome.text)")
            return
        }
        #expect(reason.isRetryable)
        #expect(listener.accepted == Self.fastRetry.maxAttempts)
    }

    // MARK: Redirects and redaction

    @Test func theSecretNeverFollowsARedirectToAnotherHost() async throws {
        let elsewhere = try await ScriptedServer.start(host: "127.0.0.2") { _ in .ids([]) }
        let server = try await ScriptedServer.start(token: { _, _ in
            .respond(status: 307, body: "", headers: [("Location", elsewhere.tokenURL)])
        }) { _ in .ids([1]) }
        let outcome = await run(on: server.session())
        #expect(outcome.text.contains("redirected (307) to another host, 127.0.0.2"), "\(outcome.text)")
        #expect(elsewhere.tokenRequestBodies.isEmpty)
        #expect(server.requests.isEmpty)
    }

    @Test func anAPICallRedirectedToAnotherHostIsRefused() async throws {
        let elsewhere = try await ScriptedServer.start(host: "127.0.0.2") { _ in .ids([666]) }
        let server = try await ScriptedServer.start { _ in
            .respond(status: 302, body: "", headers: [("Location", elsewhere.apiBaseURL + "/v1/items?q=1")])
        }
        let outcome = await run(on: server.session())
        #expect(outcome.rows == nil)
        #expect(outcome.text.contains("GET \(server.apiBaseURL)/v1/items?q=1 was redirected (302) to another host"),
                "\(outcome.text)")
        #expect(elsewhere.requests.isEmpty)
    }

    @Test func aRedirectOnTheSameHostIsFollowed() async throws {
        let server = try await ScriptedServer.start { request in
            request.path.hasSuffix("/moved") ? .ids([5]) : .respond(status: 308, body: "", headers: [("Location", "/api/v1/moved")])
        }
        #expect(await run(on: server.session()).rows?.ids == [5])
        #expect(server.requests.map(\.authorization) == ["Bearer tok-1", "Bearer tok-1"])
    }

    @Test func aRedirectLoopEnds() async throws {
        let server = try await ScriptedServer.start { _ in .respond(status: 302, body: "", headers: [("Location", "/api/v1/items")]) }
        let outcome = await run(on: server.session())
        #expect(outcome.text.contains("redirected more than 5 times"), "\(outcome.text)")
        #expect(server.requests.count == 6)
    }

    @Test(arguments: [500, 403, 400])
    func aServerEchoingTheTokenAndSecretHasThemRedacted(status: Int) async throws {
        let server = try await ScriptedServer.start { request in
            .respond(status: status, body: #"{"title":"you sent \#(request.authorization ?? "") with demo-secret"}"#)
        }
        let outcome = await run(on: server.session(), options: ExecutionOptions(retry: Self.fastRetry))
        #expect(outcome.text.contains("you sent Bearer <redacted> with <redacted>"), "\(outcome.text)")
    }

    // MARK: Compression

    /// `text()` gzipped by the system's gzip, on a thread of its own: the work and the waiting
    /// must not hold one of the few threads every test's tasks share.
    static func gzip(_ text: @escaping @Sendable () -> String) async throws -> [UInt8] {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<[UInt8], any Error>) in
            Thread {
                do {
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
                    process.arguments = ["-c", "-9"]
                    let input = Pipe(), output = Pipe()
                    process.standardInput = input
                    process.standardOutput = output
                    try process.run()
                    let writer = Thread {
                        input.fileHandleForWriting.write(Data(text().utf8))
                        try? input.fileHandleForWriting.close()
                    }
                    writer.start()
                    let data = output.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    done.resume(returning: Array(data))
                } catch {
                    done.resume(throwing: error)
                }
            }.start()
        }
    }

    @Test func aHighlyCompressedAnswerIsRead() async throws {
        let json = "[" + (0..<5000).map { _ in #"{"id":1,"name":"the same row again and again"}"# }.joined(separator: ",") + "]"
        let body = try await Self.gzip { json }
        #expect(json.utf8.count / body.count > 50)
        let server = try await ScriptedServer.start { _ in
            .bytes(status: 200, body: body, headers: [("Content-Type", "application/json"), ("Content-Encoding", "gzip")])
        }
        let outcome = await run(on: server.session())
        #expect(outcome.rows?.count == 5000, "\(outcome.text)")
    }

    @Test func aCompressionBombIsRefusedAtTheSizeCap() async throws {
        let body = try await Self.gzip { "[" + String(repeating: " ", count: 8 << 20) + "]" }
        let server = try await ScriptedServer.start { _ in
            .bytes(status: 200, body: body, headers: [("Content-Type", "application/json"), ("Content-Encoding", "gzip")])
        }
        let outcome = await run(on: server.session(transport: AsyncHTTPTransport(maxResponseBytes: 1 << 20)))
        #expect(outcome.text.contains("larger than 1048576 bytes"), "\(outcome.text)")
        #expect(server.requests.count == 1)
    }

    @Test func aBombPastTheDefaultCapIsRefused() async throws {
        let body = try await Self.gzip {
            "[" + String(repeating: " ", count: AsyncHTTPTransport.defaultMaxResponseBytes + 1024) + "]"
        }
        let server = try await ScriptedServer.start { _ in
            .bytes(status: 200, body: body, headers: [("Content-Type", "application/json"), ("Content-Encoding", "gzip")])
        }
        let outcome = await run(on: server.session())
        #expect(outcome.text.contains("larger than \(AsyncHTTPTransport.defaultMaxResponseBytes) bytes"), "\(outcome.text)")
    }
}
