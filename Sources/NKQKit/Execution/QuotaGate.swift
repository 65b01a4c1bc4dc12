import Foundation

/// The session's view of the API's rate-limit window, shared by every call.
///
/// Before each call `acquire` lets it through only if the window can take it: the last reported
/// `remaining`, minus calls still in flight, must be above zero. Calls in flight whose answers
/// will tell more are waited for; an empty window is waited out until its reset (or refused,
/// per policy). A 429 (another client spent the quota) blocks every caller until the reset or
/// `Retry-After`, plus jitter. A plan that fits in the window never waits.
public actor QuotaGate: Signalling {
    /// What `acquire` does when the window is empty.
    public enum LimitPolicy: String, Sendable, Hashable, CaseIterable {
        case wait, fail, partial
    }

    /// The last seen state, for `.quota` and progress lines.
    public struct Snapshot: Sendable, Hashable {
        public var limit: Int?
        public var remaining: Int?
        /// When the window resets, on the local wall clock.
        public var resetAt: Date?
        public var inFlight: Int
        /// Until when callers are held after a 429.
        public var blockedUntil: Date?
    }

    /// Thrown by `acquire` when the window is empty and the policy is not `wait`.
    public struct Exhausted: Error, Sendable, Hashable {
        public var resetIn: Double?
    }

    /// Thrown by `acquire` under `wait` when the window opens later than `maxWait` from now.
    public struct WaitTooLong: Error, Sendable, Hashable {
        /// Seconds until the window opens.
        public var waitFor: Double
        /// Whether a 429's `Retry-After` (rather than the window's reset) set the time.
        public var afterThrottle: Bool
    }

    private var limit: Int?
    private var remaining: Int?
    private var resetAt: ContinuousClock.Instant?
    private var blockedUntil: ContinuousClock.Instant?
    private var inFlight = 0
    /// Until a response tells otherwise, one call at a time finds out the window.
    private var probing = true
    var waiters = SignalWaiters()
    private var timer: Task<Void, Never>?
    private var timerDeadline: ContinuousClock.Instant?

    /// Added after a reset before the window is trusted to be fresh; jitter is on top.
    public let resetMargin: Duration
    /// Upper bound of the random extra wait after a 429 or a reset.
    public let jitter: Duration
    private let time: TimeSource

    public init(resetMargin: Duration = .milliseconds(30), jitter: Duration = .milliseconds(70),
                time: TimeSource = .continuous) {
        self.resetMargin = resetMargin
        self.jitter = jitter
        self.time = time
    }

    public var snapshot: Snapshot {
        let now = time.now()
        func wall(_ instant: ContinuousClock.Instant?) -> Date? {
            instant.map { Date().addingTimeInterval(($0 - now).seconds) }
        }
        return Snapshot(limit: limit, remaining: remaining, resetAt: wall(resetAt), inFlight: inFlight,
                        blockedUntil: wall(blockedUntil.flatMap { $0 > now ? $0 : nil }))
    }

    /// Waits until one more call fits in the window and counts it in flight; the caller then
    /// reports with `completed` or `abandoned`. `onWait` is told when a wait for a reset begins
    /// (and whether a 429 set its time).
    /// A wait longer than `maxWait` is not begun (`WaitTooLong`).
    /// Returns how long it waited for resets (not for answers of calls in flight).
    @discardableResult
    public func acquire(policy: LimitPolicy = .wait, maxWait: Duration = .seconds(900),
                        onWait: @Sendable (_ until: Date, _ afterThrottle: Bool) -> Void = { _, _ in }) async throws -> Duration {
        var waited = Duration.zero
        while true {
            try Task.checkCancellation()
            let now = time.now()
            switch decide(now: now) {
            case .admit:
                inFlight += 1
                return waited
            case .waitForAnswer:
                try await waitForSignal()  // an answer in flight will update the window
            case .emptyUntil(let until, let throttled):
                guard policy == .wait else { throw Exhausted(resetIn: (until - now).seconds) }
                guard until - now <= maxWait else {
                    throw WaitTooLong(waitFor: (until - now).seconds, afterThrottle: throttled)
                }
                let deadline = until + resetMargin + randomJitter()
                onWait(Date().addingTimeInterval((deadline - now).seconds), throttled)
                schedule(deadline)
                let start = time.now()
                try await waitForSignal()
                waited += time.now() - start
            }
        }
    }

    /// Whether `acquire` would let one more call through now, without waiting.
    public var admitsNow: Bool {
        if case .admit = decide(now: time.now()) { return true }
        return false
    }

    private enum Decision {
        case admit
        case waitForAnswer
        /// Until when the window is shut; `afterThrottle` when a 429's time set it.
        case emptyUntil(ContinuousClock.Instant, afterThrottle: Bool)
    }

    private func decide(now: ContinuousClock.Instant) -> Decision {
        rollOverIfReset(now: now)
        if let blocked = blockedUntil, now < blocked { return .emptyUntil(blocked, afterThrottle: true) }
        if probing { return inFlight == 0 ? .admit : .waitForAnswer }
        guard let remaining else { return .admit }  // the API sends no quota headers
        if remaining - inFlight > 0 { return .admit }
        if inFlight > 0 { return .waitForAnswer }
        // Nothing left and no answer coming: the reset is the only way on.
        let until = resetAt ?? now + .seconds(1)
        if resetAt == nil { resetAt = until }
        return .emptyUntil(until, afterThrottle: false)
    }

    /// Records the answer to an admitted call.
    public func completed(status: Int, info: RateLimitInfo, receivedAt: ContinuousClock.Instant? = nil) {
        let receivedAt = receivedAt ?? time.now()
        inFlight = max(0, inFlight - 1)
        if info.isEmpty {
            if probing, limit == nil { probing = false; remaining = nil }
        } else {
            update(with: info, receivedAt: receivedAt)
        }
        if status == 429 {
            // Hold everyone until the server's time is up, then let one call find out anew
            // (Retry-After may come long before the window's reset).
            let wait = info.retryAfter ?? info.resetIn ?? 1
            let until = receivedAt + .seconds(clamping: wait) + randomJitter()
            blockedUntil = max(blockedUntil ?? until, until)
            probing = true
        }
        signal()
    }

    /// An admitted call got no answer (transport error, cancellation).
    public func abandoned() {
        inFlight = max(0, inFlight - 1)
        signal()
    }

    private func update(with info: RateLimitInfo, receivedAt: ContinuousClock.Instant) {
        if let newLimit = info.limit { limit = newLimit }
        let newReset = info.resetIn.map { receivedAt + .seconds(clamping: $0) }
        guard let reported = info.remaining else { return }
        if let newReset, newReset <= receivedAt {
            return  // an answer from a window already over
        }
        if let newReset, let current = resetAt, !probing, newReset < current + .milliseconds(500) {
            // The same window: answers can arrive out of order, and the lowest count is the latest.
            remaining = min(remaining ?? reported, reported)
            if newReset > current { resetAt = newReset }
        } else {
            remaining = reported
            if let newReset { resetAt = newReset }
        }
        probing = false
    }

    /// Once the reset has passed, the window is fresh: the full limit, or a probe when the
    /// limit is unknown.
    private func rollOverIfReset(now: ContinuousClock.Instant) {
        guard let reset = resetAt, now >= reset + resetMargin else { return }
        resetAt = nil
        if let limit {
            remaining = limit
        } else {
            remaining = nil
            probing = true
        }
    }

    private func randomJitter() -> Duration {
        let ms = Double(jitter.components.seconds * 1000) + Double(jitter.components.attoseconds) / 1e15
        return .milliseconds(Int64(Double.random(in: 0...max(0, ms))))
    }

    /// One timer for the earliest deadline anybody waits for; its firing wakes everyone.
    private func schedule(_ deadline: ContinuousClock.Instant) {
        if let current = timerDeadline, current <= deadline, timer != nil { return }
        timer?.cancel()
        timerDeadline = deadline
        let time = self.time
        timer = Task { [weak self] in
            try? await time.sleep(deadline)
            guard !Task.isCancelled else { return }
            await self?.timerFired()
        }
    }

    private func timerFired() {
        timer = nil
        timerDeadline = nil
        signal()
    }
}
