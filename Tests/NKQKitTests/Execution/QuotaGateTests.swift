import Foundation
import Testing
@testable import NKQKit

/// The gate's decisions, driven directly with the answers a server would give, on time the
/// test moves by hand: no check races a timer.
@Suite(.timeLimit(.minutes(1))) struct QuotaGateTests {
    static func info(limit: Int? = 10, remaining: Int?, resetIn: Double?, retryAfter: Double? = nil) -> RateLimitInfo {
        RateLimitInfo(limit: limit, remaining: remaining, resetIn: resetIn, retryAfter: retryAfter)
    }

    @Test func theFirstCallProbesAlone() async throws {
        let gate = QuotaGate()
        try await gate.acquire()
        #expect(await !gate.admitsNow)  // a second caller waits for the first answer
        await gate.completed(status: 200, info: Self.info(remaining: 9, resetIn: 60))
        #expect(await gate.admitsNow)
    }

    @Test func callsInFlightCountAgainstRemaining() async throws {
        let gate = QuotaGate()
        try await gate.acquire()
        await gate.completed(status: 200, info: Self.info(remaining: 3, resetIn: 60))
        try await gate.acquire()
        try await gate.acquire()
        try await gate.acquire()
        #expect(await gate.snapshot.inFlight == 3)
        #expect(await !gate.admitsNow)
        // An answer arrives, but the window is spent; with nothing left in flight but the
        // two others, still no room.
        await gate.completed(status: 200, info: Self.info(remaining: 0, resetIn: 60))
        #expect(await !gate.admitsNow)
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
        let time = ManualTime()
        let gate = QuotaGate(resetMargin: .milliseconds(10), jitter: .zero, time: time.source)
        try await gate.acquire()
        await gate.completed(status: 200, info: Self.info(remaining: 0, resetIn: 0.3))
        let waiter = Task { try await gate.acquire() }
        time.advance(by: .milliseconds(300))
        #expect(await !gate.admitsNow)  // the reset, but not yet its margin
        time.advance(by: .milliseconds(10))
        let waited = try await waiter.value
        #expect(waited <= .milliseconds(310))
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
        let time = ManualTime()
        let gate = QuotaGate(resetMargin: .milliseconds(5), jitter: .zero, time: time.source)
        try await gate.acquire()
        await gate.completed(status: 200, info: Self.info(remaining: 5, resetIn: 3600))
        try await gate.acquire()
        // Another client spent the window; the server says come back in 1 s.
        await gate.completed(status: 429, info: Self.info(remaining: 0, resetIn: 3600, retryAfter: 1.0))
        #expect(await gate.snapshot.blockedUntil != nil)
        let waiter = Task { try await gate.acquire() }
        time.advance(by: .milliseconds(999))
        #expect(await !gate.admitsNow)  // nobody passes before Retry-After is over
        // The window's reset an hour away does not hold the probe back.
        time.advance(by: .milliseconds(6))
        _ = try await waiter.value
        #expect(await !gate.admitsNow)  // one probe at a time after a 429
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
        let time = ManualTime()
        let gate = QuotaGate(time: time.source)
        try await gate.acquire()
        await gate.completed(status: 200, info: Self.info(remaining: 0, resetIn: 3600))
        // Cancelled whether it is already waiting or not yet: the time never reaches the reset,
        // so only the cancellation can end it.
        let waiter = Task { try await gate.acquire(maxWait: .seconds(7200)) }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
    }
}

@Suite struct QuotaGateWaitCapTests {
    @Test func aWaitLongerThanTheCapIsNotBegun() async throws {
        let time = ManualTime()
        let gate = QuotaGate(time: time.source)
        try await gate.acquire()
        await gate.completed(status: 200, info: RateLimitInfo(limit: 10, remaining: 0, resetIn: 3600))
        await #expect(throws: QuotaGate.WaitTooLong(waitFor: 3600, afterThrottle: false)) {
            try await gate.acquire(maxWait: .seconds(60))
        }
    }

    @Test func aWaitWithinTheCapIsWaited() async throws {
        let time = ManualTime()
        let gate = QuotaGate(resetMargin: .milliseconds(10), jitter: .zero, time: time.source)
        try await gate.acquire()
        await gate.completed(status: 200, info: RateLimitInfo(limit: 10, remaining: 0, resetIn: 30))
        let waiter = Task { try await gate.acquire(maxWait: .seconds(60)) }
        time.advance(by: .seconds(31))
        _ = try await waiter.value  // not refused: 30 s is within the cap
    }

    @Test func a429sRetryAfterPastTheCapIsNotWaited() async throws {
        let time = ManualTime()
        let gate = QuotaGate(jitter: .zero, time: time.source)
        try await gate.acquire()
        await gate.completed(status: 429, info: RateLimitInfo(retryAfter: 1e9))
        await #expect(throws: QuotaGate.WaitTooLong.self) { try await gate.acquire(maxWait: .seconds(900)) }
    }
}
