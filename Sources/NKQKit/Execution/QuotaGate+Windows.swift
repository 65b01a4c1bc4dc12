import Foundation

// Which windows there are and which endpoints they pace, learned from the answers.
//
// Each answer's headers describe one window (the API's, or the simulator's tightest) without
// naming it. An answer joins the window its endpoint reported before when it has the same limit,
// and another endpoint's window only on evidence that one counter counts both: the same limit,
// the same period (its reset within half a second) and a `remaining` that a shared counter could
// show (below the other's last count, or within the answers that may have overtaken it); a 429
// naming such a window is that evidence too (the window refused the call, so it paces it). Two
// windows with the same limit seen in different periods stay apart until such an answer. A
// shared window is taken as the client-level window and paces every endpoint, also those that
// have not reported it; an endpoint's own window paces that endpoint alone. docs/executor.md
// states the rules for people.

extension QuotaGate {
    /// One rate-limit window as the answers tell it.
    struct Window {
        /// Endpoints whose answers reported it.
        var endpoints: Set<String>
        /// The endpoint answers without rate-limit headers: the window is paced by 429s alone.
        var silent = false
        var limit: Int?
        var remaining: Int?
        /// When the current period ends; nil once it has passed.
        var resetAt: ContinuousClock.Instant?
        /// The end of the period last reported, to tell answers of one period from the next's.
        var reportedReset: ContinuousClock.Instant?
        var inFlight = 0
        /// One call at a time until an answer tells the count again (after a 429).
        var probing = false
        /// Until when its calls are held after a 429.
        var blockedUntil: ContinuousClock.Instant?
        /// Without headers: calls that passed in a window that ended in a 429, learned when the
        /// wait after it ends (answers of calls sent before the 429 may come after it).
        var budget: Int?
        var learnsBudget = false
        var admittedSinceOpen = 0
        var passedSinceOpen = 0
        /// Without headers and without `Retry-After`: the next wait after a 429, doubling.
        var backoff = 1.0

        var shared: Bool { endpoints.count > 1 }
        var name: String { QuotaSnapshot.Window.name(of: endpoints.sorted()) }

        enum Verdict {
            case open, budgetProbe, waitForAnswer
            case emptyUntil(ContinuousClock.Instant, afterThrottle: Bool)
        }

        /// Ends a 429's hold and a passed period: the window is taken as full again.
        mutating func refresh(now: ContinuousClock.Instant, margin: Duration) {
            if let blocked = blockedUntil, now >= blocked {
                blockedUntil = nil
                if learnsBudget { budget = max(1, passedSinceOpen) }
                learnsBudget = false
                // After the wait the API asked for, a window without headers starts anew.
                admittedSinceOpen = 0
                passedSinceOpen = 0
            }
            if let reset = resetAt, now >= reset + margin {
                resetAt = nil
                remaining = limit
            }
        }

        mutating func verdict(now: ContinuousClock.Instant) -> Verdict {
            if let blocked = blockedUntil { return .emptyUntil(blocked, afterThrottle: true) }
            if silent {
                // Unpaced until a 429 teaches a budget; past it, one call at a time finds out
                // whether the window has reset.
                guard let budget, admittedSinceOpen >= budget else { return .open }
                return inFlight == 0 ? .budgetProbe : .waitForAnswer
            }
            if probing { return inFlight == 0 ? .open : .waitForAnswer }
            guard let remaining else { return .open }
            if remaining - inFlight > 0 { return .open }
            if inFlight > 0 { return .waitForAnswer }
            // Nothing left and no answer coming: the reset is the only way on.
            let until = resetAt ?? now + .seconds(1)
            if resetAt == nil { resetAt = until }
            return .emptyUntil(until, afterThrottle: false)
        }
    }

    enum Decision {
        case admit([Int], budgetProbe: Bool)
        case waitForAnswer
        case emptyUntil(ContinuousClock.Instant, afterThrottle: Bool, window: String)
    }

    /// The windows that pace `endpoint`: those it reported, and every shared one.
    func applicable(to endpoint: String) -> [Int] {
        windows.keys.sorted().filter { id in
            windows[id].map { $0.endpoints.contains(endpoint) || $0.shared } ?? false
        }
    }

    func decide(_ endpoint: String, now: ContinuousClock.Instant) -> Decision {
        let ids = applicable(to: endpoint)
        var empty: (until: ContinuousClock.Instant, throttled: Bool, window: String)?
        // An endpoint not heard from yet sends one call at a time, to learn its window first.
        var waitsForAnswer = !heard.contains(endpoint) && (firstContacts[endpoint] ?? 0) > 0
        var budgetProbe = false
        for id in ids {
            guard var window = windows[id] else { continue }
            window.refresh(now: now, margin: resetMargin)
            let verdict = window.verdict(now: now)
            windows[id] = window
            switch verdict {
            case .open: break
            case .budgetProbe: budgetProbe = true
            case .waitForAnswer: waitsForAnswer = true
            case .emptyUntil(let until, let throttled):
                if empty.map({ until > $0.until }) ?? true { empty = (until, throttled, window.name) }
            }
        }
        if let empty { return .emptyUntil(empty.until, afterThrottle: empty.throttled, window: empty.window) }
        if waitsForAnswer { return .waitForAnswer }
        return .admit(ids, budgetProbe: budgetProbe)
    }

    /// Updates the windows with what an answer tells.
    func learn(from pass: Pass, status: Int, info: RateLimitInfo, receivedAt: ContinuousClock.Instant) {
        let counted = status != 429  // a refused call counts in no window
        var reported: Int?
        if let limit = info.limit, let remaining = info.remaining {
            let reset = info.resetIn.map { receivedAt + .seconds(clamping: $0) }
            if let reset, reset <= receivedAt {
                // An answer from a period already over says nothing about the current one.
            } else {
                let overtaken = Int(clamping: admissions - pass.serial) + pass.inFlightBefore
                reported = match(pass.endpoint, limit: limit, remaining: remaining, reset: reset,
                                 overtaken: overtaken, counted: counted)
            }
        }
        let silent = silentWindow(of: pass.endpoint, answeredWithout: reported == nil && info.limit == nil)
        if let silent { settle(silent, pass: pass, status: status, info: info, receivedAt: receivedAt) }
        // The call counted in every other window it passed; their counts are now one lower.
        if counted {
            for id in Set(pass.windows.compactMap(liveID)) where id != reported && id != silent {
                if let left = windows[id]?.remaining { windows[id]?.remaining = max(0, left - 1) }
            }
        }
        guard status == 429, silent == nil else { return }
        // Held until the server's time is up, then one call finds out anew (Retry-After may
        // come long before the window's reset). Only the window the answer names is held; an
        // answer without headers holds every window the call passed.
        let wait = info.retryAfter ?? info.resetIn ?? 1
        let until = receivedAt + .seconds(clamping: wait) + randomJitter()
        let held = reported.map { [$0] } ?? pass.windows.compactMap(liveID)
        for id in held {
            guard var window = windows[id] else { continue }
            window.blockedUntil = max(window.blockedUntil ?? until, until)
            window.probing = true
            windows[id] = window
        }
    }

    /// The window an answer with headers describes: the one it joins, or a new one. Returns its id.
    private func match(_ endpoint: String, limit: Int, remaining: Int, reset: ContinuousClock.Instant?,
                       overtaken: Int, counted: Bool) -> Int {
        let sameLimit = windows.keys.sorted().filter { windows[$0].map { !$0.silent && $0.limit == limit } ?? false }
        func samePeriod(_ id: Int) -> Bool {
            guard let reset, let known = windows[id]?.reportedReset else { return false }
            return abs((reset - known).seconds) < 0.5
        }
        // One counter for both: below the last count, or within the answers that overtook this
        // one. A refused call took nothing, so a 429 may also show the last count itself.
        func oneCounter(_ id: Int) -> Bool {
            guard let last = windows[id]?.remaining else { return true }
            return overtaken == 0 && counted ? remaining < last : remaining <= last + overtaken
        }
        func own(_ id: Int) -> Bool { windows[id]?.endpoints.contains(endpoint) ?? false }

        if let id = sameLimit.first(where: { own($0) && samePeriod($0) }) {
            if windows[id]?.shared == true, counted, !oneCounter(id) {
                // Two counters after all: this endpoint has a window of its own.
                windows[id]?.endpoints.remove(endpoint)
                return newWindow(endpoint, limit: limit, remaining: remaining, reset: reset)
            }
            samePeriodAnswer(id, remaining: remaining, reset: reset)
            return id
        }
        // A 429 naming another endpoint's window teaches the sharing too: the window that refused
        // the call paces its endpoint, though its own (tighter) window hid it until now.
        if let id = sameLimit.first(where: { !own($0) && samePeriod($0) && oneCounter($0) }) {
            windows[id]?.endpoints.insert(endpoint)
            // What this endpoint took for a window of its own was this one, seen in another period.
            for old in sameLimit where old != id && own(old) {
                guard let merged = windows.removeValue(forKey: old) else { continue }
                windows[id]?.endpoints.formUnion(merged.endpoints)
                windows[id]?.inFlight += merged.inFlight
                mergedInto[old] = id
            }
            samePeriodAnswer(id, remaining: remaining, reset: reset)
            return id
        }
        if let id = sameLimit.first(where: own) {
            // Its window's next period.
            windows[id]?.remaining = remaining
            if let reset { windows[id]?.resetAt = reset }
            windows[id]?.reportedReset = reset
            windows[id]?.probing = false
            return id
        }
        return newWindow(endpoint, limit: limit, remaining: remaining, reset: reset)
    }

    /// Answers can arrive out of order within one period: the lowest count is the latest.
    private func samePeriodAnswer(_ id: Int, remaining: Int, reset: ContinuousClock.Instant?) {
        guard var window = windows[id] else { return }
        window.remaining = min(window.remaining ?? remaining, remaining)
        if let reset, window.resetAt.map({ reset > $0 }) ?? true { window.resetAt = reset }
        window.probing = false
        windows[id] = window
    }

    /// Windows one endpoint may have reported at most: a server that changes its limit at every
    /// answer must not grow the gate's work with every call. The oldest idle one goes first.
    static let windowsPerEndpoint = 8

    private func newWindow(_ endpoint: String, limit: Int, remaining: Int, reset: ContinuousClock.Instant?) -> Int {
        let own = windows.keys.sorted().filter { windows[$0].map { $0.endpoints == [endpoint] && $0.inFlight == 0 } ?? false }
        for old in own.prefix(max(0, own.count - Self.windowsPerEndpoint + 1)) { windows[old] = nil }
        let id = nextWindowID
        nextWindowID += 1
        windows[id] = Window(endpoints: [endpoint], limit: limit, remaining: remaining, resetAt: reset, reportedReset: reset)
        return id
    }

    /// The endpoint's window without headers, made at its first answer without any (unless it
    /// has reported a window before: then one answer without headers, from a proxy say, is
    /// no reason to stop trusting them).
    private func silentWindow(of endpoint: String, answeredWithout: Bool) -> Int? {
        if let id = windows.keys.first(where: { windows[$0].map { $0.silent && $0.endpoints.contains(endpoint) } ?? false }) {
            return id
        }
        guard answeredWithout, !windows.values.contains(where: { $0.endpoints.contains(endpoint) }) else { return nil }
        let id = nextWindowID
        nextWindowID += 1
        windows[id] = Window(endpoints: [endpoint], silent: true)
        return id
    }

    /// An answer on an endpoint without headers: a 429 holds it for `Retry-After` (else a backoff
    /// from 1 s, doubling up to 60 s), after which the calls that passed before it are its
    /// budget; any other answer counts as a call that passed.
    private func settle(_ id: Int, pass: Pass, status: Int, info: RateLimitInfo, receivedAt: ContinuousClock.Instant) {
        guard var window = windows[id] else { return }
        if status == 429 {
            window.learnsBudget = true
            let wait: Double
            if let asked = info.retryAfter {
                wait = asked
            } else {
                wait = window.backoff
                window.backoff = min(60, window.backoff * 2)
            }
            let until = receivedAt + .seconds(clamping: wait) + randomJitter()
            window.blockedUntil = max(window.blockedUntil ?? until, until)
        } else {
            window.passedSinceOpen += 1
            window.backoff = 1
            // A call past the budget passed: the window takes more than was learned.
            if pass.budgetProbe, let budget = window.budget { window.budget = max(budget, window.passedSinceOpen) }
        }
        windows[id] = window
    }
}
