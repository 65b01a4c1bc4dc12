import Foundation

/// The session's view of the API's rate-limit windows, shared by every call.
///
/// The API may keep a window per client and one per endpoint; each answer's `x-ratelimit-*`
/// headers describe one of them, unnamed. The gate learns from the headers which endpoints
/// report the same window and which have their own (`QuotaGate+Windows.swift`, docs/executor.md),
/// and lets a call through only when every window that applies to its endpoint can take it: the
/// last reported `remaining`, minus calls still in flight, must be above zero. Calls in flight
/// whose answers will tell more are waited for; an empty window is waited out until its reset
/// (or refused, per policy). A 429 holds the calls of the window it names until the reset or
/// `Retry-After`, plus jitter. A call never waits for a window that does not apply to it, and a
/// plan that fits in its windows never waits.
public actor QuotaGate: Signalling {
    /// What `acquire` does when a window is empty.
    public enum LimitPolicy: String, Sendable, Hashable, CaseIterable {
        case wait, fail, partial
    }

    /// Thrown by `acquire` when a window is empty and the policy is not `wait`.
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

    /// A call let through: what `completed` or `abandoned` must be told about.
    public struct Pass: Sendable {
        let endpoint: String
        /// The windows the call was counted in flight in.
        let windows: [Int]
        /// Admissions up to and including this one, and calls in flight when it was admitted:
        /// how many answers may have overtaken this one.
        let serial: UInt64
        let inFlightBefore: Int
        /// The endpoint had not answered yet: it went alone, to find out its window.
        let firstContact: Bool
        /// Sent past the learned budget of an endpoint without headers, to find out whether its
        /// window has reset.
        let budgetProbe: Bool
        /// How long it waited for resets (not for answers of calls in flight).
        public let waited: Duration
    }

    var windows: [Int: Window] = [:]
    var nextWindowID = 1
    /// Windows merged into another: a pass counted in the old id is settled in the new one.
    var mergedInto: [Int: Int] = [:]
    /// Endpoints that have answered, with or without headers.
    var heard: Set<String> = []
    /// Calls in flight of endpoints not heard from yet.
    var firstContacts: [String: Int] = [:]
    var inFlight = 0
    var admissions: UInt64 = 0
    var waiters = SignalWaiters()
    private var timer: Task<Void, Never>?
    private var timerDeadline: ContinuousClock.Instant?

    /// Added after a reset before the window is trusted to be fresh.
    public let resetMargin: Duration
    /// Upper bound of the random extra wait after a 429 (several clients, or several callers,
    /// must not all come back at once).
    public let jitter: Duration
    let time: TimeSource

    public init(resetMargin: Duration = .milliseconds(30), jitter: Duration = .milliseconds(70),
                time: TimeSource = .continuous) {
        self.resetMargin = resetMargin
        self.jitter = jitter
        self.time = time
    }

    /// The windows as last seen, for `.quota`, `explain` and the planner.
    public var snapshot: QuotaSnapshot {
        let now = time.now()
        let wallNow = Date()
        func wall(_ instant: ContinuousClock.Instant?) -> Date? {
            instant.map { wallNow.addingTimeInterval(($0 - now).seconds) }
        }
        return QuotaSnapshot(windows: windows.keys.sorted().compactMap { id in
            guard let w = windows[id] else { return nil }
            return QuotaSnapshot.Window(
                endpoints: w.endpoints.sorted(), limit: w.limit, remaining: w.silent ? nil : w.remaining,
                resetAt: wall(w.resetAt.flatMap { $0 > now ? $0 : nil }), inFlight: w.inFlight,
                blockedUntil: wall(w.blockedUntil.flatMap { $0 > now ? $0 : nil }), learnedBudget: w.budget)
        }, seenAt: wallNow)
    }

    /// Waits until one more call on `endpoint` (the resource called, e.g. `prices`) fits in every
    /// window that applies to it and counts it in flight; the caller then reports with
    /// `completed` or `abandoned`. `onWait` is told when a wait for a reset begins, whether a
    /// 429 set its time, and which window it waits for.
    /// A wait longer than `maxWait` is not begun (`WaitTooLong`).
    public func acquire(for endpoint: String, policy: LimitPolicy = .wait, maxWait: Duration = .seconds(900),
                        onWait: @Sendable (_ until: Date, _ afterThrottle: Bool, _ window: String) -> Void = { _, _, _ in })
        async throws -> Pass
    {
        var waited = Duration.zero
        while true {
            try Task.checkCancellation()
            let now = time.now()
            switch decide(endpoint, now: now) {
            case .admit(let ids, let budgetProbe):
                return admit(endpoint, windows: ids, budgetProbe: budgetProbe, waited: waited)
            case .waitForAnswer:
                try await waitForSignal()  // an answer in flight will update the window
            case .emptyUntil(let until, let throttled, let window):
                guard policy == .wait else { throw Exhausted(resetIn: (until - now).seconds) }
                guard until - now <= maxWait else {
                    throw WaitTooLong(waitFor: (until - now).seconds, afterThrottle: throttled)
                }
                // A 429's time has its jitter already; a reset is the window's own time.
                let deadline = until + resetMargin
                onWait(Date().addingTimeInterval((deadline - now).seconds), throttled, window)
                schedule(deadline)
                let start = time.now()
                try await waitForSignal()
                waited += time.now() - start
            }
        }
    }

    /// Whether `acquire` would let one more call on `endpoint` through now, without waiting.
    public func admitsNow(_ endpoint: String) -> Bool {
        if case .admit = decide(endpoint, now: time.now()) { return true }
        return false
    }

    private func admit(_ endpoint: String, windows ids: [Int], budgetProbe: Bool, waited: Duration) -> Pass {
        admissions += 1
        let firstContact = !heard.contains(endpoint)
        if firstContact { firstContacts[endpoint, default: 0] += 1 }
        for id in ids {
            windows[id]?.inFlight += 1
            windows[id]?.admittedSinceOpen += 1
        }
        let pass = Pass(endpoint: endpoint, windows: ids, serial: admissions, inFlightBefore: inFlight,
                        firstContact: firstContact, budgetProbe: budgetProbe, waited: waited)
        inFlight += 1
        return pass
    }

    /// Records the answer to an admitted call.
    public func completed(_ pass: Pass, status: Int, info: RateLimitInfo, receivedAt: ContinuousClock.Instant? = nil) {
        let receivedAt = receivedAt ?? time.now()
        release(pass)
        heard.insert(pass.endpoint)
        learn(from: pass, status: status, info: info, receivedAt: receivedAt)
        signal()
    }

    /// An admitted call got no answer (transport error, cancellation).
    public func abandoned(_ pass: Pass) {
        release(pass)
        signal()
    }

    private func release(_ pass: Pass) {
        inFlight = max(0, inFlight - 1)
        if pass.firstContact {
            firstContacts[pass.endpoint] = max(0, (firstContacts[pass.endpoint] ?? 1) - 1)
        }
        for id in pass.windows {
            guard let live = liveID(id), let count = windows[live]?.inFlight else { continue }
            windows[live]?.inFlight = max(0, count - 1)
        }
    }

    /// The id a window has now, after merges; nil once it is gone.
    func liveID(_ id: Int) -> Int? {
        var id = id
        while windows[id] == nil {
            guard let next = mergedInto[id] else { return nil }
            id = next
        }
        return id
    }

    func randomJitter() -> Duration {
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
