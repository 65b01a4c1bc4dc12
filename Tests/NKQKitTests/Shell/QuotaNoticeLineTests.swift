import Testing
@testable import NKQKit

@Suite struct QuotaNoticeLineTests {
    @Test func callsThatFitSayNothing() {
        #expect(QuotaNotice.line(for: QuotaUse(window: "the contracts window", calls: 5, limit: 300, remaining: 5, resetsIn: 30)) == nil)
        #expect(!QuotaNotice.asks(for: QuotaUse(window: "the contracts window", calls: 5, limit: 300, remaining: 5, resetsIn: 30)))
    }

    @Test func oneResetIsSaidAndNotAsked() {
        let use = QuotaUse(window: "the contracts window", calls: 340, limit: 300, remaining: 120, resetsIn: 42)
        #expect(QuotaNotice.line(for: use)
            == "note: about 340 calls, 120 of 300 left in the contracts window (resets in 42 s): the run waits for the reset\n")
        #expect(!QuotaNotice.asks(for: use))
    }

    @Test func moreThanAWindowOfWaitingIsAsked() {
        let use = QuotaUse(window: "the contracts window", calls: 700, limit: 300, remaining: 10, resetsIn: 42)
        #expect(QuotaNotice.resets(for: use) == 3)
        #expect(QuotaNotice.asks(for: use))
    }
}
