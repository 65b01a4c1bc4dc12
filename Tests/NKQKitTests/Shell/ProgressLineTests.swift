import Foundation
import Testing
@testable import NKQKit

/// The text of the REPL's progress line (its drawing is tested through tmux in REPLTests).
@Suite struct ProgressLineTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func callsRowsAndQuota() {
        let progress = ExecutionProgress(callsDone: 12, callsPlanned: 40, rows: 118, quotaRemaining: 7)
        #expect(ProgressLine.text(progress, now: now) == "12 of 40 calls, 118 rows, quota 7 left")
    }

    @Test func oneCallAndOneRowAreSingular() {
        #expect(ProgressLine.text(ExecutionProgress(callsDone: 1, callsPlanned: 1, rows: 1), now: now) == "1 of 1 call, 1 row")
        #expect(ProgressLine.text(ExecutionProgress(callsDone: 1, rows: 0), now: now) == "1 call, 0 rows")
    }

    @Test func anEstimateAlreadyPassedIsLeftOut() {
        let progress = ExecutionProgress(callsDone: 3, callsPlanned: 1, rows: 30)
        #expect(ProgressLine.text(progress, now: now) == "3 calls, 30 rows")
    }

    @Test func aWaitForTheQuotaCountsDownInWholeSeconds() {
        var progress = ExecutionProgress(callsDone: 3, rows: 30, quotaRemaining: 0,
                                         waitingUntil: now.addingTimeInterval(41.2), waitingFor: "the prices window")
        #expect(ProgressLine.text(progress, now: now) == "3 calls, 30 rows, quota 0 left, waiting 42 s for the prices window")
        // The last seconds are not worth a number that changes faster than it can be read.
        progress.waitingUntil = now.addingTimeInterval(1.5)
        #expect(ProgressLine.text(progress, now: now) == "3 calls, 30 rows, quota 0 left")
    }
}
