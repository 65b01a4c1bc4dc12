import HTTPTypes
import Synchronization

/// Fixed windows per client id: one client-level window for every API endpoint, plus an endpoint's
/// own window where it has one. A call passes every window that applies to it, or none counts it.
/// The first call after a window ends opens the next one, starting on a whole second so
/// `x-ratelimit-reset` is exact.
final class RateLimiter: Sendable {
    /// Which window: the client-level one or an endpoint's own.
    enum Scope: Hashable {
        case client
        case resource(SimulatorResource)
    }

    struct Decision {
        let allowed: Bool
        /// The applicable window with the fewest calls left (the later reset on a tie).
        let limit: Int
        let remaining: Int
        let windowSeconds: Int
        /// UNIX seconds when that window ends.
        let reset: Int
        /// Seconds until every empty window has reset; 0 when the call passed.
        let retryAfter: Int

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

    private struct Key: Hashable {
        let clientID: String
        let scope: Scope
    }

    private struct Window {
        var start: Int
        var used: Int
    }

    private let windows: [Scope: RateWindow]
    private let state = Mutex([Key: Window]())

    init(client: RateWindow, resources: [SimulatorResource: RateWindow]) {
        var windows: [Scope: RateWindow] = [.client: client]
        for (resource, window) in resources { windows[.resource(resource)] = window }
        self.windows = windows
    }

    /// Counts one call of `clientID` on `resource` in every window that applies, or refuses it
    /// when any of them is used up.
    func take(_ clientID: String, resource: SimulatorResource, now: Double) -> Decision {
        let second = Int(now.rounded(.down))
        let scopes = [Scope.client, .resource(resource)].compactMap { scope in windows[scope].map { (scope, $0) } }
        return state.withLock { state in
            var current: [(key: Key, size: RateWindow, window: Window)] = scopes.map { scope, size in
                let key = Key(clientID: clientID, scope: scope)
                var window = state[key] ?? Window(start: second, used: 0)
                if second >= window.start + size.seconds { window = Window(start: second, used: 0) }
                return (key, size, window)
            }
            let allowed = current.allSatisfy { $0.window.used < $0.size.limit }
            if allowed {
                for index in current.indices { current[index].window.used += 1 }
            }
            for entry in current { state[entry.key] = entry.window }
            func left(_ entry: (key: Key, size: RateWindow, window: Window)) -> (Int, Int) {
                (entry.size.limit - entry.window.used, -(entry.window.start + entry.size.seconds))
            }
            // `scopes` always holds the client-level window, so `current` is never empty.
            let tightest = current.min { left($0) < left($1) } ?? current[0]
            let emptyResets = current.filter { $0.window.used >= $0.size.limit }.map { $0.window.start + $0.size.seconds }
            return Decision(
                allowed: allowed,
                limit: tightest.size.limit,
                remaining: tightest.size.limit - tightest.window.used,
                windowSeconds: tightest.size.seconds,
                reset: tightest.window.start + tightest.size.seconds,
                retryAfter: allowed ? 0 : max(1, (emptyResets.max() ?? second) - second))
        }
    }

    func reset() {
        state.withLock { $0.removeAll() }
    }
}
