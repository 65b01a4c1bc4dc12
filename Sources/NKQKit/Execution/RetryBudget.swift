import Synchronization

/// One statement's retries, shared by all its calls (see `RetryPolicy`): counts answers and
/// failed tries, and decides whether a failed try may be tried again.
final class RetryBudget: Sendable {
    /// Why no more tries: the breaker is open, or the budget is spent.
    struct Refusal: Error, Sendable, Hashable {
        /// The call whose failure decided it, and what that failure was.
        var request: String
        var reason: String
        var why: String
    }

    private struct State {
        var failuresInARow = 0
        var retries = 0
        var successes = 0
        var refusal: Refusal?
    }

    let policy: RetryPolicy
    private let state = Mutex(State())

    init(policy: RetryPolicy) {
        self.policy = policy
    }

    /// The refusal once the breaker has opened: later calls do not try at all.
    var refusal: Refusal? { state.withLock { $0.refusal } }

    /// A call was answered (any status that is not a server fault).
    func succeeded() {
        state.withLock {
            $0.failuresInARow = 0
            $0.successes += 1
        }
    }

    /// A try of `request` failed with a retryable fault. When the call has tries left
    /// (`wantsRetry`), returns nil if it may be tried again (and counts the retry), else why not.
    func failed(request: String, reason: String, wantsRetry: Bool = true) -> Refusal? {
        state.withLock { s -> Refusal? in
            s.failuresInARow += 1
            if let refusal = s.refusal { return refusal }
            if s.failuresInARow >= policy.breakerThreshold {
                s.refusal = Refusal(
                    request: request, reason: reason,
                    why: "\(s.failuresInARow) tries in a row failed, across the statement's calls: the API looks down")
                return s.refusal
            }
            guard wantsRetry else { return nil }
            let allowed = Double(policy.retryBudget) + policy.retriesPerSuccess * Double(s.successes)
            if Double(s.retries) >= allowed {
                return Refusal(request: request, reason: reason,
                               why: "\(s.retries) retries for \(s.successes) answers: the API fails most calls")
            }
            s.retries += 1
            return nil
        }
    }
}
