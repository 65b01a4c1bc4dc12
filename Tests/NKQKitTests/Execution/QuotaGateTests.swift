import Foundation
import Testing
@testable import NKQKit

/// The gate's decisions, driven directly with the answers a server would give.
@Suite(.timeLimit(.minutes(1))) struct QuotaGateTests {
    static func info(limit: Int? = 10, remaining: Int?, resetIn: Double?, retryAfter: Double? = nil) -> RateLimitInfo {
        RateLimitInfo(limit: limit, remaining: remaining, resetIn: resetIn, retryAfter: retryAfter)
    }

    /// Whether `acquire` returns within `limit` (it is cancelled otherwise). A "no" holds only
    /// where the gate's state alone refuses (it cannot tell "never" from "not yet" otherwise);
    /// a "yes" is given a long limit, since a loaded machine may run the attempt late.
    static func admits(_ gate: QuotaGate, within limit: Duration = .milliseconds(100)) async -> Bool {
        let attempt = Task { try await gate.acquire() }
        let timer = Task {
            try await Task.sleep(for: limit)
            attempt.cancel()
        }
        defer { timer.cancel() }
        return (try? await attempt.value) != nil
    }

    @Test func theFirstCallProbesAlone() async throws {
        let gate = QuotaGate()
        try await gate.acquire()
        #expect(await !Self.admits(gate))  // a second caller waits for the first answer
        await gate.completed(status: 200, info: Self.info(remaining: 9, resetIn: 60))
        #expect(await Self.admits(gate, within: .seconds(10)))
    }

    @Test func callsInFlightCountAgainstRemaining() async throws {
        let gate = QuotaGate()
        try await gate.acquire()
        await gate.completed(status: 200, info: Self.info(remaining: 3, resetIn: 60))
        try await gate.acquire()
        try await gate.acquire()
        try await gate.acquire()
        #expect(await gate.snapshot.inFlight == 3)
        #expect(await !Self.admits(gate))
        // An answer arrives, but the window is spent; with nothing left in flight but the
        // two others, still no room.
        await gate.completed(status: 200, info: Self.info(remaining: 0, resetIn: 60))
        #expect(await !Self.admits(gate))
    }

    @Test func outOfOrderAnswersKeepTheLowestRemaining() async throws {
        let gate = QuotaGate()
        try await gate.acquire()
        await gate.completed(status: 200, info: Self.info(remaining: 5, resetIn: 60))
        try await gate.acquire()
        try await gate.acquire()
        await gate.completed(status: 200, info: Self.info(remaining: 3, resetIn: 60))
        await gate.completed(status: 200, info: Self.info(remaining: 4, resetIn: 60))  // sent first, came last
        #expect(await gate.snapshot.remaining == 3)
    }

    @Test func anEmptyWindowWaitsForItsReset() async throws {
        let gate = QuotaGate(resetMargin: .milliseconds(10), jitter: .zero)
        try await gate.acquire()
        // Timed from before the answer: a loaded machine may reach the second acquire late,
        // but never may it pass before the reset.
        let started = ContinuousClock.now
        await gate.completed(status: 200, info: Self.info(remaining: 0, resetIn: 0.3))
        try await gate.acquire()
        #expect(ContinuousClock.now - started >= .milliseconds(300))
        #expect(await gate.snapshot.remaining == 10)  // the fresh window's full limit
    }

    @Test func failAndPartialPoliciesRefuseToWait() async throws {
        let gate = QuotaGate()
        try await gate.acquire()
        await gate.completed(status: 200, info: Self.info(remaining: 0, resetIn: 30))
        for policy in [QuotaGate.LimitPolicy.fail, .partial] {
            await #expect(throws: QuotaGate.Exhausted.self) { try await gate.acquire(policy: policy) }
        }
    }

    @Test func a429HoldsEveryoneUntilRetryAfterThenProbes() async throws {
        let gate = QuotaGate(resetMargin: .milliseconds(5), jitter: .zero)
        try await gate.acquire()
        await gate.completed(status: 200, info: Self.info(remaining: 5, resetIn: 3600))
        try await gate.acquire()
        // Another client spent the window; the server says come back in 1 s.
        let answeredAt = ContinuousClock.now
        await gate.completed(status: 429, info: Self.info(remaining: 0, resetIn: 3600, retryAfter: 1.0))
        #expect(await gate.snapshot.blockedUntil != nil)
        // Nobody passes before Retry-After is over, however late this task gets to run (a
        // "not within 100 ms" check would be wrong after a long enough stall of the machine);
        // the window's reset an hour away does not hold the probe back.
        try await gate.acquire()
        #expect(ContinuousClock.now - answeredAt >= .seconds(1))
        #expect(ContinuousClock.now - answeredAt < .seconds(30))
        #expect(await !Self.admits(gate))  // one probe at a time after a 429
    }

    @Test func withoutQuotaHeadersNothingIsPaced() async throws {
        let gate = QuotaGate()
        try await gate.acquire()
        await gate.completed(status: 200, info: RateLimitInfo())
        for _ in 0..<20 { try await gate.acquire() }
        #expect(await gate.snapshot.inFlight == 20)
    }

    @Test func aSkewedResetParsedFromHeadersIsSecondsAway() async throws {
        let gate = QuotaGate()
        let now = Date().timeIntervalSince1970
        let serverNow = now + 7200
        let info = RateLimitInfo(headers: ["Date": HTTPDate.format(serverNow), "x-ratelimit-limit": "5",
                                           "x-ratelimit-remaining": "0",
                                           "x-ratelimit-reset": String(Int(serverNow) + 2)], receivedAt: now)
        try await gate.acquire()
        await gate.completed(status: 200, info: info)
        let resetAt = try #require(await gate.snapshot.resetAt)
        #expect(resetAt.timeIntervalSinceNow < 3)
        #expect(resetAt.timeIntervalSinceNow > 0)
    }

    @Test func waitingIsCancellable() async throws {
        let gate = QuotaGate()
        try await gate.acquire()
        await gate.completed(status: 200, info: Self.info(remaining: 0, resetIn: 3600))
        let waiter = Task { try await gate.acquire(maxWait: .seconds(7200)) }
        try await Task.sleep(for: .milliseconds(20))
        let cancelledAt = ContinuousClock.now
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(ContinuousClock.now - cancelledAt < .seconds(2))
    }
}

@Suite struct QuotaGateWaitCapTests {
    @Test func aWaitLongerThanTheCapIsNotBegun() async throws {
        let gate = QuotaGate()
        try await gate.acquire()
        await gate.completed(status: 200, info: RateLimitInfo(limit: 10, remaining: 0, resetIn: 3600))
        let started = ContinuousClock.now
        await #expect(throws: QuotaGate.WaitTooLong.self) { try await gate.acquire(maxWait: .seconds(60)) }
        #expect(ContinuousClock.now - started < .seconds(2))
    }

    @Test func aWaitWithinTheCapIsWaited() async throws {
        let gate = QuotaGate()
        try await gate.acquire()
        await gate.completed(status: 200, info: RateLimitInfo(limit: 10, remaining: 0, resetIn: 0.3))
        let waited = try await gate.acquire(maxWait: .seconds(1))
        #expect(waited >= .milliseconds(250))
    }
}
