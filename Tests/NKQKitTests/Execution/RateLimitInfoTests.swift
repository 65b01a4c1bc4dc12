import Foundation
import Testing
@testable import NKQKit

/// The quota header dialects and the arithmetic that turns them into waits.
@Suite struct RateLimitInfoTests {
    let now = 1_790_000_000.0  // a fixed local clock, UNIX seconds

    @Test func epochResetIsReadAsSecondsFromNow() {
        let info = RateLimitInfo(headers: ["x-ratelimit-limit": "60", "x-ratelimit-remaining": "7",
                                           "x-ratelimit-reset": "1790000030"], receivedAt: now)
        #expect(info.limit == 60)
        #expect(info.remaining == 7)
        #expect(info.resetIn == 30)
        #expect(info.retryAfter == nil)
    }

    @Test func smallResetIsADelta() {
        let info = RateLimitInfo(headers: ["X-RateLimit-Reset": "12"], receivedAt: now)
        #expect(info.resetIn == 12)
    }

    @Test func headerNamesIgnoreCase() {
        let info = RateLimitInfo(headers: ["X-RATELIMIT-REMAINING": "3", "Retry-after": "2"], receivedAt: now)
        #expect(info.remaining == 3)
        #expect(info.retryAfter == 2)
    }

    @Test func aResetInThePastMeansNow() {
        let info = RateLimitInfo(headers: ["x-ratelimit-reset": "1789999990"], receivedAt: now)
        #expect(info.resetIn == 0)
    }

    @Test func fractionalValuesAreKept() {
        let info = RateLimitInfo(headers: ["x-ratelimit-reset": "1790000000.5", "retry-after": "0.25"],
                                 receivedAt: now)
        #expect(info.resetIn == 0.5)
        #expect(info.retryAfter == 0.25)
    }

    @Test func retryAfterAsAnHTTPDate() {
        let info = RateLimitInfo(headers: ["Retry-After": HTTPDate.format(now + 5)], receivedAt: now)
        #expect(info.retryAfter == 5)
    }

    @Test func aSkewedServerClockIsCorrectedByItsDateHeader() {
        // The server is an hour ahead: its reset "in 10 s" is an epoch an hour from our now.
        let serverNow = now + 3600
        let info = RateLimitInfo(headers: ["Date": HTTPDate.format(serverNow),
                                           "x-ratelimit-reset": String(Int(serverNow) + 10),
                                           "Retry-After": HTTPDate.format(serverNow + 4)], receivedAt: now)
        #expect(info.clockSkew == 3600)
        #expect(info.resetIn == 10)
        #expect(info.retryAfter == 4)
    }

    @Test func aSkewWithinTheDateHeadersResolutionIsIgnored() {
        let info = RateLimitInfo(headers: ["Date": HTTPDate.format(now - 1), "x-ratelimit-reset": String(Int(now) + 3)],
                                 receivedAt: now + 0.9)
        #expect(info.clockSkew == 0)
        #expect(abs((info.resetIn ?? 0) - 2.1) < 1e-6)
    }

    @Test func noHeadersSayNothing() {
        let info = RateLimitInfo(headers: ["Content-Type": "application/json"], receivedAt: now)
        #expect(info.isEmpty)
    }

    @Test func garbageIsIgnoredNotFatal() {
        let info = RateLimitInfo(headers: ["x-ratelimit-remaining": "lots", "x-ratelimit-reset": "",
                                           "retry-after": "Tuesday"], receivedAt: now)
        #expect(info.isEmpty)
    }

    @Test func negativeRemainingReadsAsZero() {
        #expect(RateLimitInfo(headers: ["x-ratelimit-remaining": "-2"], receivedAt: now).remaining == 0)
    }
}

@Suite struct HTTPDateTests {
    @Test func parsesTheRFCExample() {
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == 784_111_777)
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT") == 784_111_777)
    }

    @Test(arguments: [0.0, 784_111_777, 951_782_400, 1_790_000_123, 4_102_444_800])
    func formatAndParseRoundTrip(seconds: Double) {
        #expect(HTTPDate.parse(HTTPDate.format(seconds)) == seconds)
    }

    @Test func formatsTheWeekday() {
        #expect(HTTPDate.format(784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
    }

    @Test(arguments: ["", "yesterday", "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT",
                      "Sun, 06 Nov 1994 08:49 GMT", "Sun, 06 Nov 1994 08:49:37 CET"])
    func rejectsMalformedDates(text: String) {
        #expect(HTTPDate.parse(text) == nil)
    }
}

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(100), maxDelay: .milliseconds(350))

    @Test func serverFaultsAndConnectionTroubleAreRetried() {
        for status in [500, 502, 503, 504] {
            #expect(policy.isRetryable(ExecutionError.http(status: status, request: "GET /", detail: nil)))
        }
        #expect(policy.isRetryable(TransportError.timeout))
        #expect(policy.isRetryable(TransportError.connectionLost("reset")))
    }

    @Test func clientErrorsAreNot() {
        for status in [400, 401, 403, 404, 429] {
            #expect(!policy.isRetryable(ExecutionError.http(status: status, request: "GET /", detail: nil)))
        }
        #expect(!policy.isRetryable(ExecutionError.authentication("no")))
        #expect(!policy.isRetryable(TransportError.invalidRequest("bad url")))
        #expect(!policy.isRetryable(CancellationError()))
    }

    @Test func backoffDoublesWithJitterAndIsCapped() {
        #expect(policy.delay(afterAttempt: 1, random: 0) == .milliseconds(100))
        #expect(policy.delay(afterAttempt: 2, random: 0) == .milliseconds(200))
        #expect(policy.delay(afterAttempt: 3, random: 0) == .milliseconds(350))
        #expect(policy.delay(afterAttempt: 2, random: 0.5) == .milliseconds(250))
        #expect(policy.delay(afterAttempt: 50, random: 0.99) <= .milliseconds(525))
    }

    @Test func aServersRetryAfterIsWaitedOutUpToTheCap() {
        #expect(policy.delay(afterAttempt: 1, serverAsked: 2, random: 0) == .seconds(2))
        #expect(policy.delay(afterAttempt: 1, serverAsked: 0.01, random: 0) == .milliseconds(100))  // backoff is longer
        #expect(policy.delay(afterAttempt: 1, serverAsked: 3600, random: 0) == .seconds(30))
        #expect(policy.delay(afterAttempt: 1, serverAsked: -5, random: 0) == .milliseconds(100))
    }
}
