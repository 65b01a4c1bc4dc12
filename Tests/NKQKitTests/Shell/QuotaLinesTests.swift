import Foundation
import Testing
@testable import NKQKit

/// The lines of `.quota`: each window known, with the endpoints it paces.
@Suite struct QuotaLinesTests {
    @Test func eachWindowIsListedWithItsEndpointsCountsAndReset() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let snapshot = QuotaSnapshot(windows: [
            QuotaSnapshot.Window(endpoints: ["contracts", "prices"], limit: 1000, remaining: 988, resetAt: now.addingTimeInterval(41.3)),
            QuotaSnapshot.Window(endpoints: ["prices"], limit: 10, remaining: 0, resetAt: now.addingTimeInterval(1.2),
                                 blockedUntil: now.addingTimeInterval(1.9)),
            QuotaSnapshot.Window(endpoints: ["contracts"], limit: 20, remaining: 3, resetAt: nil),
            QuotaSnapshot.Window(endpoints: ["zones"], limit: nil, remaining: nil, resetAt: nil, learnedBudget: 5),
        ], seenAt: now.addingTimeInterval(-3))
        #expect(snapshot.lines(now: now) == [
            "quota: 4 windows (seen 3 s ago)",
            "  the shared window (contracts, prices): 988 of 1000 calls left, resets in 42 s; paces every endpoint",
            "  the prices window: 0 of 10 calls left, resets in 2 s; held 2 s more after a 429",
            "  the contracts window: 20 calls a window, full again (its reset has passed)",
            "  the zones window: no rate-limit headers; paced by 429s and Retry-After (5 calls a window, learned)",
        ])
    }
}
