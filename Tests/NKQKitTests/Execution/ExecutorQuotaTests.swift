import Foundation
import Testing
import NKQTestSupport
@testable import NKQKit

/// Pacing, 429 handling, limit policies and budgets against a scripted loopback server.
/// Serialized: these measure waits of about a second, which parallel load would blur.
@Suite(.serialized, .timeLimit(.minutes(1)), .stopsServers) struct ExecutorQuotaTests {
    static func singles(_ count: Int) -> [PlannedRequest] {
        (0..<count).map { PlannedRequest(path: "/v1/items", query: [QueryItem("n", "\($0)")]) }
    }

    static func window(_ window: FixedWindow, latency: Duration = .zero) async throws -> ScriptedServer {
        try await ScriptedServer.start { request in
            let (headers, throttled) = window.admit()
            let reply = throttled ?? .ids([Int(request.query["n"] ?? "") ?? -1], headers: headers)
            return latency > .zero ? .delayed(latency, reply) : reply
        }
    }

    @Test func aPlanLargerThanTheWindowWaitsForResetsInsteadOfCollecting429s() async throws {
        let window = FixedWindow(limit: 5, seconds: 1)
        let server = try await Self.window(window)
        let started = ContinuousClock.now
        let execution = try Executor(session: server.session()).run(.requests(Self.singles(12)))
        let rows = try await execution.collect()
        let elapsed = ContinuousClock.now - started
        #expect(rows.ids == Array(0..<12))
        #expect(window.served429 == 0)
        #expect(execution.stats.throttled == 0)
        #expect(execution.stats.calls == 12)
        // Whether the run itself waited depends on how fast calls go (a loaded machine may cross
        // the resets without waiting); what matters is that no 429 was collected.
        // 12 calls at 5 per aligned second cross at least two resets.
        #expect(elapsed >= .seconds(1))
        #expect(elapsed < .seconds(60))  // generous: the suite shares 2 cores with other builds
    }

    @Test func aPlanThatFitsTheWindowNeverWaits() async throws {
        let window = FixedWindow(limit: 50, seconds: 3600)
        let server = try await Self.window(window, latency: .milliseconds(30))
        let execution = try Executor(session: server.session()).run(.requests(Self.singles(12)))
        #expect(try await execution.collect().count == 12)
        #expect(execution.stats.waitedSeconds == 0)
        #expect(server.peakConcurrency > 1)
    }

    /// One 429 with the given headers, then success; returns the wait and the stats.
    static func throttledOnce(headers: @escaping @Sendable (Double) -> [(String, String)]) async throws
        -> (Duration, ExecutionStats)
    {
        let server = try await ScriptedServer.start { request in
            if request.index == 0 {
                return .respond(status: 429, body: #"{"title":"Too Many Requests"}"#,
                                headers: headers(Date().timeIntervalSince1970))
            }
            return .ids([1])
        }
        let started = ContinuousClock.now
        let execution = try Executor(session: server.session())
            .run(.requests([PlannedRequest(path: "/v1/items", query: [])]))
        #expect(try await execution.collect().ids == [1])
        return (ContinuousClock.now - started, execution.stats)
    }

    @Test func a429WithoutRetryAfterWaitsUntilTheEpochReset() async throws {
        let (elapsed, stats) = try await Self.throttledOnce { now in
            [("x-ratelimit-limit", "10"), ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "\(Int(now) + 2)")]
        }
        #expect(stats.throttled == 1)
        #expect(stats.calls == 2)
        #expect(elapsed >= .seconds(1))
        #expect(elapsed < .seconds(10))
        #expect(stats.waitedSeconds >= 1)
    }

    @Test func a429WithADeltaResetWaitsThatManySeconds() async throws {
        let (elapsed, stats) = try await Self.throttledOnce { _ in
            [("x-ratelimit-limit", "10"), ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "1")]
        }
        #expect(stats.throttled == 1)
        #expect(elapsed >= .milliseconds(950))
        #expect(elapsed < .seconds(10))
    }

    @Test func retryAfterWinsOverAFarReset() async throws {
        let (elapsed, stats) = try await Self.throttledOnce { now in
            [("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "\(Int(now) + 3600)"), ("Retry-After", "1")]
        }
        #expect(stats.throttled == 1)
        #expect(elapsed >= .milliseconds(950))
        #expect(elapsed < .seconds(10))
    }

    @Test func retryAfterAsAnHTTPDate() async throws {
        let (elapsed, stats) = try await Self.throttledOnce { now in
            [("Retry-After", HTTPDate.format(now + 2)), ("Date", HTTPDate.format(now))]
        }
        #expect(stats.throttled == 1)
        #expect(elapsed >= .milliseconds(950))
        #expect(elapsed < .seconds(10))
    }

    @Test func onLimitFailRefusesToWait() async throws {
        let window = FixedWindow(limit: 3, seconds: 3600)
        let server = try await Self.window(window)
        let options = ExecutionOptions(concurrency: 1, onLimit: .fail)
        let execution = try Executor(session: server.session(), options: options).run(.requests(Self.singles(5)))
        var rows: [JSONValue] = []
        await #expect {
            try await execution.withRows { all in
                for try await row in all { rows.append(row) }
            }
        } throws: { error in
            guard let error = error as? ExecutionError, case .rateLimited = error else { return false }
            return error.status == .failed
        }
        #expect(rows.ids == [0, 1, 2])
        #expect(window.served429 == 0)
        #expect(execution.stats.calls == 3)
    }

    @Test func onLimitFailTurnsAnUnexpected429IntoAnError() async throws {
        let server = try await ScriptedServer.start { _ in
            .respond(status: 429, body: "", headers: [("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "30")])
        }
        await #expect {
            _ = try await Executor(session: server.session(), options: ExecutionOptions(onLimit: .fail))
                .run(.requests(Self.singles(1))).collect()
        } throws: { error in
            guard case ExecutionError.rateLimited(let resetIn) = error else { return false }
            return resetIn.map { $0 > 25 && $0 <= 30 } ?? false
        }
        #expect(server.requests.count == 1)
    }

    @Test func onLimitPartialReturnsTheRowsInHand() async throws {
        let window = FixedWindow(limit: 3, seconds: 3600)
        let server = try await Self.window(window)
        let options = ExecutionOptions(concurrency: 1, onLimit: .partial)
        let execution = try Executor(session: server.session(), options: options).run(.requests(Self.singles(5)))
        let rows = try await execution.collect()
        #expect(rows.ids == [0, 1, 2])
        #expect(!execution.stats.complete)
        #expect(execution.stats.partialReason?.contains("rate limit") == true)
        #expect(window.served429 == 0)
    }

    @Test func maxCallsRefusesAPlanLargerOrEstimatedLargerBeforeTheFirstCall() async throws {
        let server = try await ScriptedServer.start { _ in .ids([1]) }
        let executor = Executor(session: server.session(), options: ExecutionOptions(maxCalls: 5))
        let plans = [Plan.requests(Self.singles(2), maxCalls: 10),
                     Plan.requests(Self.singles(2), maxCalls: nil, estimate: 6),
                     Plan.requests(Self.singles(6), maxCalls: nil)]
        for plan in plans {
            #expect {
                _ = try executor.run(plan)
            } throws: { error in
                guard let error = error as? ExecutionError, case .budgetRefused(5, _, _, _) = error else { return false }
                return error.status == .partial
            }
        }
        #expect(server.requests.isEmpty)
        #expect(server.tokenRequestBodies.isEmpty)
        #expect(throws: Never.self) { try executor.check(.requests(Self.singles(2), maxCalls: 5)) }
        // Pages known only as they are read: the estimate decides, the run stops at the budget.
        #expect(throws: Never.self) { try executor.check(.requests(Self.singles(2), maxCalls: nil, estimate: 5)) }
        #expect {
            try executor.check(.requests(Self.singles(2), maxCalls: nil, estimate: 6))
        } throws: { error in
            (error as? ExecutionError)?.description == "the plan needs about 6 calls, more than --max-calls 5"
        }
    }

    @Test func maxCallsStopsARunThatOutgrowsItsPlanWithTheRowsInHand() async throws {
        // The plan guesses two calls, but the pages keep coming: the budget ends the run, partial.
        let server = try await ScriptedServer.start { request in .ids([request.index * 2, request.index * 2 + 1]) }
        let request = PlannedRequest(path: "/v1/items", query: [QueryItem("page", "1")],
                                     paging: .pages(parameter: "page", first: 1, size: 2, sizeParameter: "count", stop: .shortPage))
        for (onLimit, maxCalls) in [(QuotaGate.LimitPolicy.wait, 2), (.fail, 2), (.partial, 2), (.wait, nil)] {
            let plan = Plan.requests([request], maxCalls: maxCalls, estimate: 2)
            let before = server.requests.count
            let execution = try Executor(session: server.session(), options: ExecutionOptions(onLimit: onLimit, maxCalls: 3))
                .run(plan)
            #expect(try await execution.collect().count == 6)
            #expect(!execution.stats.complete)
            #expect(execution.stats.partialReason == "stopped after 3 calls (--max-calls)")
            #expect(server.requests.count - before == 3)
        }
    }

    @Test func executorsSharingABudgetSpendItTogether() async throws {
        // A statement's list, requests and joins each run a plan of their own on one budget.
        let server = try await ScriptedServer.start { _ in .ids([1]) }
        let budget = CallBudget(limit: 3)
        let first = Executor(session: server.session(), options: ExecutionOptions(maxCalls: 3), budget: budget)
        #expect(try await first.run(.requests(Self.singles(2), maxCalls: 2)).collect().count == 2)
        let second = Executor(session: server.session(), options: ExecutionOptions(maxCalls: 3), budget: budget)
        #expect {
            _ = try second.run(.requests(Self.singles(2), maxCalls: 2))
        } throws: { error in
            guard let error = error as? ExecutionError, case .budgetRefused(3, 2, false, 2) = error else { return false }
            return error.description.contains("the 1 left of --max-calls 3")
        }
        #expect(try await second.run(.requests(Self.singles(1), maxCalls: 1)).collect().count == 1)
        #expect(server.requests.count == 3)
    }

    @Test func resendsAfterA429AndRetriesDoNotSpendTheBudget() async throws {
        let server = try await ScriptedServer.start { request in
            switch request.index {
            case 0: .respond(status: 429, body: "", headers: [("x-ratelimit-remaining", "0"), ("Retry-After", "0")])
            case 1: .respond(status: 503, body: "")
            default: .ids([1])
            }
        }
        let options = ExecutionOptions(maxCalls: 1, retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(5)))
        let execution = try Executor(session: server.session(), options: options)
            .run(.requests(Self.singles(1), maxCalls: 1))
        #expect(try await execution.collect().ids == [1])
        #expect(execution.stats.calls == 3)
        #expect(execution.stats.throttled == 1)
        #expect(execution.stats.retries == 1)
    }

    @Test func waitsAreReportedToTheObserver() async throws {
        let server = try await ScriptedServer.start { request in
            request.index == 0
                ? .respond(status: 429, body: "", headers: [("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "1")])
                : .ids([1])
        }
        let (events, observed) = AsyncStream<ExecutionProgress>.makeStream()
        let executor = Executor(session: server.session()) { observed.yield($0) }
        let execution = try executor.run(.requests(Self.singles(1), maxCalls: 3))
        _ = try await execution.collect()
        observed.finish()
        var progress: [ExecutionProgress] = []
        for await event in events { progress.append(event) }
        #expect(progress.contains { $0.waitingUntil != nil })
        #expect(progress.last?.callsDone == 2)
        #expect(progress.last?.rows == 1)
        #expect(progress.allSatisfy { $0.callsPlanned == 3 })
    }
}
