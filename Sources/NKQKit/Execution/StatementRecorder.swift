import Foundation
import Synchronization

/// Counts one statement's calls, rows and waits as they happen and tells the observer.
final class StatementRecorder: Sendable {
    private struct State {
        var stats = ExecutionStats()
        var quotaRemaining: Int?
        var waitingUntil: Date?
        var waitingFor: String?
        /// Calls waiting for the quota now, and since when one has been: `waitedSeconds` is
        /// wall time with at least one call waiting, not the sum over parallel calls.
        var waitingCalls = Set<UInt64>()
        var waitStarted: ContinuousClock.Instant?
        var nextCallID: UInt64 = 0
        var finished = false
    }

    private let state = Mutex(State())
    private let started = ContinuousClock.now
    let callsPlanned: Int?
    let observer: (@Sendable (ExecutionProgress) -> Void)?
    /// Told, in a sentence, of every wait longer than `noticeAfter` (on stderr, terminal or not).
    let notices: (@Sendable (String) -> Void)?
    /// The statement's retries, shared by its calls.
    let retries: RetryBudget
    /// The statement's planned calls (`--max-calls`), shared with its lists and joins.
    let budget: CallBudget
    /// Waits up to this long pass without a word.
    static let noticeAfter = Duration.seconds(5)

    init(callsPlanned: Int?, observer: (@Sendable (ExecutionProgress) -> Void)?, retry: RetryPolicy = .standard,
         budget: CallBudget = CallBudget(limit: nil), notices: (@Sendable (String) -> Void)? = nil) {
        self.callsPlanned = callsPlanned
        self.budget = budget
        self.observer = observer
        self.notices = notices
        self.retries = RetryBudget(policy: retry)
    }

    /// Counts a call sent on the wire (`stats.calls`).
    func sent() { state.withLock { if !$0.finished { $0.stats.calls += 1 } } }

    func answered(quotaRemaining: Int?, throttled: Bool) {
        update {
            if let quotaRemaining { $0.quotaRemaining = quotaRemaining }
            if throttled { $0.stats.throttled += 1 }
            $0.waitingUntil = nil
            $0.waitingFor = nil
        }
    }

    func retried() { update { $0.stats.retries += 1 } }
    /// A request was followed to its last page.
    func requestEnded(_ request: PlannedRequest, pages: Int, rows: Int) {
        state.withLock {
            guard !$0.finished else { return }
            $0.stats.pagesByRequest[request] = pages
            $0.stats.rowsByRequest[request] = rows
        }
    }
    func cacheHit() { update { $0.stats.cacheHits += 1 } }
    func readToEnd() { state.withLock { if !$0.finished { $0.stats.readToEnd = true } } }
    func pageAnswered() { state.withLock { if !$0.finished { $0.stats.pages += 1 } } }
    /// An id for one call's quota waits.
    func newCallID() -> UInt64 { state.withLock { $0.nextCallID += 1; return $0.nextCallID } }

    /// A call waits for `window` until `until`; `afterThrottle` when a 429's time set it.
    func waiting(_ call: UInt64, until: Date, afterThrottle: Bool = false, window: String = "the quota") {
        var begins = false
        update {
            if $0.waitingCalls.isEmpty { $0.waitStarted = .now; begins = true }
            $0.waitingCalls.insert(call)
            $0.waitingUntil = until
            $0.waitingFor = window
        }
        let wait = Duration.seconds(clamping: until.timeIntervalSinceNow)
        guard begins, wait > Self.noticeAfter else { return }
        notices?(afterThrottle
            ? "the API answered 429 (too many requests) in \(window); waiting \(wait.spoken) as it asked"
            : "the API's rate limit is reached in \(window); waiting \(wait.spoken) for it to reset")
    }

    /// A failed try is tried again after `delay`; said when the wait is long (a `Retry-After`).
    func retrying(_ request: String, after failure: String, delay: Duration) {
        guard delay > Self.noticeAfter else { return }
        notices?("\(failure) to \(request); trying again in \(delay.spoken), as the API asked")
    }

    func stoppedWaiting(_ call: UInt64) {
        update {
            guard $0.waitingCalls.remove(call) != nil, $0.waitingCalls.isEmpty, let started = $0.waitStarted else { return }
            $0.stats.waitedSeconds += (ContinuousClock.now - started).seconds
            $0.waitStarted = nil
            $0.waitingUntil = nil
            $0.waitingFor = nil
        }
    }
    /// Counts rows handed on; tells the observer only when `notify` (once per batch, not per row).
    func rows(_ count: Int, notify: Bool) {
        if notify {
            update { $0.stats.rows += count }
        } else {
            state.withLock { if !$0.finished { $0.stats.rows += count } }
        }
    }

    func note(_ text: String) { state.withLock { $0.stats.notes.append(text) } }

    /// Freezes the stats: later calls (cancelled stragglers) no longer change them.
    func finish(complete: Bool, partialReason: String?) {
        state.withLock {
            guard !$0.finished else { return }
            $0.finished = true
            $0.stats.complete = complete
            $0.stats.partialReason = complete ? nil : partialReason
            $0.stats.elapsedSeconds = (ContinuousClock.now - started).seconds
        }
    }

    var stats: ExecutionStats {
        state.withLock {
            var stats = $0.stats
            if !$0.finished { stats.elapsedSeconds = (ContinuousClock.now - started).seconds }
            return stats
        }
    }

    private func update(_ change: (inout State) -> Void) {
        let progress: ExecutionProgress? = state.withLock {
            guard !$0.finished else { return nil }
            change(&$0)
            return ExecutionProgress(callsDone: $0.stats.calls, callsPlanned: callsPlanned, rows: $0.stats.rows,
                                     cacheHits: $0.stats.cacheHits, quotaRemaining: $0.quotaRemaining,
                                     waitingUntil: $0.waitingUntil, waitingFor: $0.waitingFor)
        }
        if let progress { observer?(progress) }
    }
}
