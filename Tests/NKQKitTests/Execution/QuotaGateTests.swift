import Foundation
import NKQTestSupport
import Synchronization
import Testing
@testable import NKQKit

/// The gate's decisions, driven directly with the answers a server would give, on time the
/// test moves by hand: no check races a timer.
@Suite(.timeLimit(.minutes(1))) struct QuotaGateTests {
    static func info(limit: Int? = 10, remaining: Int?, resetIn: Double?, retryAfter: Double? = nil) -> RateLimitInfo {
        RateLimitInfo(limit: limit, remaining: remaining, resetIn: resetIn, retryAfter: retryAfter)
    }

    /// One call on `endpoint`, answered at once.
    static func call(_ gate: QuotaGate, _ endpoint: String, status: Int = 200, _ info: RateLimitInfo) async throws {
        let pass = try await gate.acquire(for: endpoint)
        await gate.completed(pass, status: status, info: info)
    }

    @Test func theFirstCallProbesAlone() async throws {
        let gate = QuotaGate()
        let pass = try await gate.acquire(for: "contracts")
        #expect(await !gate.admitsNow("contracts"))  // a second caller waits for the first answer
        await gate.completed(pass, status: 200, info: Self.info(remaining: 9, resetIn: 60))
        #expect(await gate.admitsNow("contracts"))
    }

    @Test func callsInFlightCountAgainstRemaining() async throws {
        let gate = QuotaGate()
        try await Self.call(gate, "contracts", Self.info(remaining: 3, resetIn: 60))
        let first = try await gate.acquire(for: "contracts")
        _ = try await gate.acquire(for: "contracts")
        _ = try await gate.acquire(for: "contracts")
        #expect(await gate.snapshot.windows.first?.inFlight == 3)
        #expect(await !gate.admitsNow("contracts"))
        // An answer arrives, but the window is spent; with the two others still in flight, no room.
        await gate.completed(first, status: 200, info: Self.info(remaining: 0, resetIn: 60))
        #expect(await !gate.admitsNow("contracts"))
    }

    @Test func outOfOrderAnswersKeepTheLowestRemaining() async throws {
        let gate = QuotaGate()
        try await Self.call(gate, "contracts", Self.info(remaining: 5, resetIn: 60))
        let sentFirst = try await gate.acquire(for: "contracts")
        let sentSecond = try await gate.acquire(for: "contracts")
        await gate.completed(sentSecond, status: 200, info: Self.info(remaining: 3, resetIn: 60))
        await gate.completed(sentFirst, status: 200, info: Self.info(remaining: 4, resetIn: 60))  // came last
        #expect(await gate.snapshot.windows.map(\.remaining) == [3])
    }

    @Test func anEmptyWindowWaitsForItsReset() async throws {
        let time = ManualTime()
        let gate = QuotaGate(resetMargin: .milliseconds(10), jitter: .zero, time: time.source)
        try await Self.call(gate, "contracts", Self.info(remaining: 0, resetIn: 0.3))
        let waiter = Task { try await gate.acquire(for: "contracts") }
        time.advance(by: .milliseconds(300))
        #expect(await !gate.admitsNow("contracts"))  // the reset, but not yet its margin
        time.advance(by: .milliseconds(10))
        let pass = try await waiter.value
        #expect(pass.waited <= .milliseconds(310))
        #expect(await gate.snapshot.windows.map(\.remaining) == [10])  // the fresh window's full limit
    }

    @Test func failAndPartialPoliciesRefuseToWait() async throws {
        let gate = QuotaGate()
        try await Self.call(gate, "contracts", Self.info(remaining: 0, resetIn: 30))
        for policy in [QuotaGate.LimitPolicy.fail, .partial] {
            await #expect(throws: QuotaGate.Exhausted.self) { try await gate.acquire(for: "contracts", policy: policy) }
        }
    }

    @Test func a429HoldsItsWindowUntilRetryAfterThenProbes() async throws {
        let time = ManualTime()
        let gate = QuotaGate(resetMargin: .milliseconds(5), jitter: .zero, time: time.source)
        try await Self.call(gate, "contracts", Self.info(remaining: 5, resetIn: 3600))
        // Another client spent the window; the server says come back in 1 s.
        try await Self.call(gate, "contracts", status: 429, Self.info(remaining: 0, resetIn: 3600, retryAfter: 1.0))
        #expect(await gate.snapshot.windows.first?.blockedUntil != nil)
        let waiter = Task { try await gate.acquire(for: "contracts") }
        time.advance(by: .milliseconds(999))
        #expect(await !gate.admitsNow("contracts"))  // nobody passes before Retry-After is over
        // The window's reset an hour away does not hold the probe back.
        time.advance(by: .milliseconds(6))
        _ = try await waiter.value
        #expect(await !gate.admitsNow("contracts"))  // one probe at a time after a 429
    }

    @Test func withoutQuotaHeadersNothingIsPacedBeforeA429() async throws {
        let gate = QuotaGate()
        try await Self.call(gate, "zones", RateLimitInfo())
        for _ in 0..<20 { _ = try await gate.acquire(for: "zones") }
        #expect(await gate.admitsNow("zones"))
    }

    @Test func aSkewedResetParsedFromHeadersIsSecondsAway() async throws {
        let gate = QuotaGate()
        let now = Date().timeIntervalSince1970
        let serverNow = now + 7200
        let info = RateLimitInfo(headers: ["Date": HTTPDate.format(serverNow), "x-ratelimit-limit": "5",
                                           "x-ratelimit-remaining": "0",
                                           "x-ratelimit-reset": String(Int(serverNow) + 2)], receivedAt: now)
        try await Self.call(gate, "contracts", info)
        let resetAt = try #require(await gate.snapshot.windows.first?.resetAt)
        #expect(resetAt.timeIntervalSinceNow < 3)
        #expect(resetAt.timeIntervalSinceNow > 0)
    }

    @Test func waitingIsCancellable() async throws {
        let time = ManualTime()
        let gate = QuotaGate(time: time.source)
        try await Self.call(gate, "contracts", Self.info(remaining: 0, resetIn: 3600))
        // Cancelled whether it is already waiting or not yet: the time never reaches the reset,
        // so only the cancellation can end it.
        let waiter = Task { try await gate.acquire(for: "contracts", maxWait: .seconds(7200)) }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
    }
}

/// Windows per scope: which endpoints share a window and which have their own, learned from
/// the headers each answers with.
@Suite(.timeLimit(.minutes(1))) struct QuotaGateScopeTests {
    static func info(_ limit: Int, _ remaining: Int, resetIn: Double, retryAfter: Double? = nil) -> RateLimitInfo {
        RateLimitInfo(limit: limit, remaining: remaining, resetIn: resetIn, retryAfter: retryAfter)
    }

    static func call(_ gate: QuotaGate, _ endpoint: String, status: Int = 200, _ info: RateLimitInfo) async throws {
        try await QuotaGateTests.call(gate, endpoint, status: status, info)
    }

    @Test func anEndpointsOwnWindowHoldsNoOtherEndpoint() async throws {
        let gate = QuotaGate()
        try await Self.call(gate, "contracts", Self.info(1000, 999, resetIn: 60))
        try await Self.call(gate, "prices", Self.info(10, 0, resetIn: 2))
        #expect(await !gate.admitsNow("prices"))
        #expect(await gate.admitsNow("contracts"))
        let windows = await gate.snapshot.windows
        #expect(windows.map(\.endpoints) == [["contracts"], ["prices"]])
        #expect(windows.map(\.limit) == [1000, 10])
    }

    @Test func endpointsReportingOneCounterShareAWindowThatPacesEveryEndpoint() async throws {
        let gate = QuotaGate()
        try await Self.call(gate, "contracts", Self.info(3, 2, resetIn: 60))
        try await Self.call(gate, "prices", Self.info(3, 1, resetIn: 60))  // one lower: the same counter
        #expect(await gate.snapshot.windows.map(\.endpoints) == [["contracts", "prices"]])
        try await Self.call(gate, "contracts", Self.info(3, 0, resetIn: 60))
        #expect(await !gate.admitsNow("prices"))
        // A shared window is the client's: it holds an endpoint not heard from yet as well.
        #expect(await !gate.admitsNow("zones"))
    }

    @Test func twoWindowsWithTheSameLimitAndPeriodStayApartWhenTheCountsDisagree() async throws {
        let gate = QuotaGate()
        for left in (0..<20).reversed() { try await Self.call(gate, "contracts", Self.info(20, left, resetIn: 2)) }
        // Its first answer shows a count a shared counter cannot have after contracts' 20.
        try await Self.call(gate, "prices", Self.info(20, 19, resetIn: 2))
        #expect(await gate.snapshot.windows.map(\.endpoints) == [["contracts"], ["prices"]])
        #expect(await gate.admitsNow("prices"))
        #expect(await !gate.admitsNow("contracts"))
    }

    @Test func aWindowOfTheSameLimitSeenInAnotherPeriodIsNotTakenAsShared() async throws {
        let time = ManualTime()
        let gate = QuotaGate(resetMargin: .milliseconds(10), jitter: .zero, time: time.source)
        try await Self.call(gate, "contracts", Self.info(20, 0, resetIn: 1))
        time.advance(by: .seconds(3))
        try await Self.call(gate, "prices", Self.info(20, 19, resetIn: 2))
        #expect(await gate.snapshot.windows.map(\.endpoints) == [["contracts"], ["prices"]])
        // A later answer in the same period with a count one counter explains joins them.
        try await Self.call(gate, "contracts", Self.info(20, 18, resetIn: 2))
        #expect(await gate.snapshot.windows.map(\.endpoints) == [["contracts", "prices"]])
    }

    @Test func aSharedWindowSplitsWhenTheCountsDisagree() async throws {
        let gate = QuotaGate()
        try await Self.call(gate, "contracts", Self.info(300, 299, resetIn: 60))
        try await Self.call(gate, "prices", Self.info(300, 298, resetIn: 60))
        #expect(await gate.snapshot.windows.count == 1)
        for left in [297, 296, 295] { try await Self.call(gate, "contracts", Self.info(300, left, resetIn: 60)) }
        // prices' counter stands where it was: two windows after all.
        try await Self.call(gate, "prices", Self.info(300, 297, resetIn: 60))
        #expect(await gate.snapshot.windows.map(\.endpoints) == [["contracts"], ["prices"]])
    }

    @Test func answersThatOvertookOneAnotherStillShowOneCounter() async throws {
        let gate = QuotaGate()
        try await Self.call(gate, "contracts", Self.info(300, 299, resetIn: 60))
        // prices is counted first (298), contracts after it (297), but contracts answers first.
        let prices = try await gate.acquire(for: "prices")
        let contracts = try await gate.acquire(for: "contracts")
        await gate.completed(contracts, status: 200, info: Self.info(300, 297, resetIn: 60))
        await gate.completed(prices, status: 200, info: Self.info(300, 298, resetIn: 60))
        #expect(await gate.snapshot.windows.map(\.endpoints) == [["contracts", "prices"]])
    }

    @Test func a429HoldsOnlyTheWindowItNames() async throws {
        let time = ManualTime()
        let gate = QuotaGate(resetMargin: .milliseconds(5), jitter: .zero, time: time.source)
        try await Self.call(gate, "contracts", Self.info(1000, 999, resetIn: 60))
        try await Self.call(gate, "prices", Self.info(10, 5, resetIn: 2))
        try await Self.call(gate, "prices", status: 429, Self.info(10, 0, resetIn: 2, retryAfter: 2))
        #expect(await !gate.admitsNow("prices"))
        #expect(await gate.admitsNow("contracts"))
        time.advance(by: .milliseconds(2010))
        #expect(await gate.admitsNow("prices"))
    }

    @Test func aServerChangingItsLimitAtEveryAnswerDoesNotGrowTheWindows() async throws {
        let gate = QuotaGate()
        for limit in 1000..<1100 { try await Self.call(gate, "contracts", Self.info(limit, limit - 1, resetIn: 60)) }
        #expect(await gate.snapshot.windows.count == QuotaGate.windowsPerEndpoint)
        #expect(await gate.snapshot.windows.last?.limit == 1099)  // the latest is kept
    }

    /// contracts' own window (20) is tighter than the client window (100), so its answers never
    /// show the client window; prices' answers do. When prices has spent the client window, the
    /// next contracts call meets a 429 whose headers describe it: the 429 teaches that
    /// contracts shares it, the window holds both, and in the next period contracts waits for
    /// it instead of meeting a second 429.
    @Test func a429NamingAnotherEndpointsWindowTeachesThatTheyShareIt() async throws {
        let time = ManualTime()
        let gate = QuotaGate(resetMargin: .milliseconds(5), jitter: .zero, time: time.source)
        try await Self.call(gate, "contracts", Self.info(20, 19, resetIn: 60))
        try await Self.call(gate, "prices", Self.info(100, 0, resetIn: 60))
        #expect(await gate.admitsNow("contracts"))  // not seen on contracts: it does not pace it
        try await Self.call(gate, "contracts", status: 429, Self.info(100, 0, resetIn: 60, retryAfter: 60))
        let windows = await gate.snapshot.windows
        #expect(windows.map(\.endpoints) == [["contracts"], ["contracts", "prices"]], "\(windows)")
        #expect(await !gate.admitsNow("contracts"))
        #expect(await !gate.admitsNow("prices"))
        // The next period: both endpoints are paced by the client window, and a contracts call
        // counts in it.
        time.advance(by: .milliseconds(60_010))
        try await Self.call(gate, "contracts", Self.info(20, 19, resetIn: 60))
        try await Self.call(gate, "prices", Self.info(100, 1, resetIn: 60))
        #expect(await gate.admitsNow("contracts"))
        let last = try await gate.acquire(for: "contracts")
        // The client window's last call is in flight.
        #expect(await !gate.admitsNow("contracts"))
        #expect(await !gate.admitsNow("prices"))
        await gate.completed(last, status: 200, info: Self.info(20, 18, resetIn: 60))
        #expect(await !gate.admitsNow("contracts"), "a contracts call would meet a second 429")
        #expect(await gate.snapshot.windows.map(\.remaining) == [18, 0])
    }

    @Test func theWaitNamesTheWindowWaitedFor() async throws {
        let time = ManualTime()
        let gate = QuotaGate(resetMargin: .milliseconds(5), jitter: .zero, time: time.source)
        try await Self.call(gate, "prices", Self.info(10, 0, resetIn: 2))
        let said = Mutex<String?>(nil)
        let waiter = Task {
            try await gate.acquire(for: "prices") { _, _, window in said.withLock { $0 = window } }
        }
        // Told before it parks: the time moves only once the wait has begun.
        #expect(await eventually { said.withLock { $0 } != nil })
        #expect(said.withLock { $0 } == "the prices window")
        time.advance(by: .seconds(3))
        _ = try await waiter.value
    }
}

/// An endpoint that sends no rate-limit headers: paced by its 429s and `Retry-After` alone.
@Suite(.timeLimit(.minutes(1))) struct QuotaGateWithoutHeadersTests {
    @Test func a429TeachesTheBudgetAndEachWindowAfterSendsItThenOneProbe() async throws {
        let time = ManualTime()
        let gate = QuotaGate(resetMargin: .milliseconds(5), jitter: .zero, time: time.source)
        for _ in 0..<5 { try await QuotaGateTests.call(gate, "zones", RateLimitInfo()) }
        try await QuotaGateTests.call(gate, "zones", status: 429, RateLimitInfo(retryAfter: 1))
        #expect(await !gate.admitsNow("zones"))
        #expect(await gate.admitsNow("contracts"))  // another endpoint is not held
        time.advance(by: .milliseconds(1001))
        // Five passed before the 429: five go at once, then one alone.
        var passes: [QuotaGate.Pass] = []
        for _ in 0..<5 {
            #expect(await gate.admitsNow("zones"))
            passes.append(try await gate.acquire(for: "zones"))
        }
        #expect(await !gate.admitsNow("zones"))
        for pass in passes { await gate.completed(pass, status: 200, info: RateLimitInfo()) }
        let probe = try await gate.acquire(for: "zones")
        #expect(await !gate.admitsNow("zones"))
        await gate.completed(probe, status: 429, info: RateLimitInfo(retryAfter: 1))
        #expect(await gate.snapshot.windows.first?.learnedBudget == 5)
        #expect(await !gate.admitsNow("zones"))
    }

    @Test func withoutRetryAfterTheWaitDoublesFromOneSecond() async throws {
        let time = ManualTime()
        let gate = QuotaGate(resetMargin: .milliseconds(5), jitter: .zero, time: time.source)
        try await QuotaGateTests.call(gate, "zones", RateLimitInfo())
        try await QuotaGateTests.call(gate, "zones", status: 429, RateLimitInfo())
        time.advance(by: .milliseconds(999))
        #expect(await !gate.admitsNow("zones"))
        time.advance(by: .milliseconds(2))
        #expect(await gate.admitsNow("zones"))
        try await QuotaGateTests.call(gate, "zones", status: 429, RateLimitInfo())
        time.advance(by: .milliseconds(1999))
        #expect(await !gate.admitsNow("zones"))
        time.advance(by: .milliseconds(2))
        #expect(await gate.admitsNow("zones"))
    }
}

@Suite struct QuotaGateWaitCapTests {
    @Test func aWaitLongerThanTheCapIsNotBegun() async throws {
        let time = ManualTime()
        let gate = QuotaGate(time: time.source)
        try await QuotaGateTests.call(gate, "contracts", RateLimitInfo(limit: 10, remaining: 0, resetIn: 3600))
        await #expect(throws: QuotaGate.WaitTooLong(waitFor: 3600, afterThrottle: false)) {
            try await gate.acquire(for: "contracts", maxWait: .seconds(60))
        }
    }

    @Test func aWaitWithinTheCapIsWaited() async throws {
        let time = ManualTime()
        let gate = QuotaGate(resetMargin: .milliseconds(10), jitter: .zero, time: time.source)
        try await QuotaGateTests.call(gate, "contracts", RateLimitInfo(limit: 10, remaining: 0, resetIn: 30))
        let waiter = Task { try await gate.acquire(for: "contracts", maxWait: .seconds(60)) }
        time.advance(by: .seconds(31))
        _ = try await waiter.value  // not refused: 30 s is within the cap
    }

    @Test func a429sRetryAfterPastTheCapIsNotWaited() async throws {
        let time = ManualTime()
        let gate = QuotaGate(jitter: .zero, time: time.source)
        try await QuotaGateTests.call(gate, "contracts", status: 429, RateLimitInfo(retryAfter: 1e9))
        await #expect(throws: QuotaGate.WaitTooLong.self) { try await gate.acquire(for: "contracts", maxWait: .seconds(900)) }
    }
}
