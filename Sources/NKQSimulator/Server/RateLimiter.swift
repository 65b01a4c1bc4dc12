import HTTPTypes

/// A fixed window per client id: the first call after a window ends opens the next one,
/// starting on a whole second so `x-ratelimit-reset` is exact.
final class RateLimiter: Sendable {
    struct Decision {
        let allowed: Bool
        let limit: Int
        let remaining: Int
        /// UNIX seconds when the window ends.
        let reset: Int

        var headers: HTTPFields {
            var fields = HTTPFields()
            fields[RateLimiter.limitField] = String(limit)
            fields[RateLimiter.remainingField] = String(remaining)
            fields[RateLimiter.resetField] = String(reset)
            return fields
        }
    }

    static let limitField = HTTPField.Name("x-ratelimit-limit")!
    static let remainingField = HTTPField.Name("x-ratelimit-remaining")!
    static let resetField = HTTPField.Name("x-ratelimit-reset")!

    private struct Window {
        var start: Int
        var used: Int
    }

    let limit: Int
    let windowSeconds: Int
    private let windows = Locked([String: Window]())

    init(limit: Int, windowSeconds: Int) {
        self.limit = limit
        self.windowSeconds = windowSeconds
    }

    /// Counts one call for `clientID`, or refuses it when the window is used up.
    func take(_ clientID: String, now: Double) -> Decision {
        let second = Int(now.rounded(.down))
        return windows.withLock { windows in
            var window = windows[clientID] ?? Window(start: second, used: 0)
            if second >= window.start + windowSeconds { window = Window(start: second, used: 0) }
            let allowed = window.used < limit
            if allowed { window.used += 1 }
            windows[clientID] = window
            return Decision(allowed: allowed, limit: limit, remaining: limit - window.used, reset: window.start + windowSeconds)
        }
    }

    func reset() {
        windows.withLock { $0.removeAll() }
    }
}
