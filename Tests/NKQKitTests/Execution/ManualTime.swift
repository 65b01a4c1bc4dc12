import Synchronization
@testable import NKQKit

/// Time that moves only when the test says so: waits for a window's reset or a token's expiry
/// end exactly when the test moves past them, however slow the machine.
final class ManualTime: Sendable {
    private struct Sleeper {
        let id: Int
        let until: ContinuousClock.Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: ContinuousClock.Instant
        var sleepers: [Sleeper] = []
        var nextID = 0
    }

    private let state = Mutex(State(now: .now))

    var now: ContinuousClock.Instant { state.withLock { $0.now } }

    var source: TimeSource {
        TimeSource(now: { self.now }, sleep: { try await self.sleep(until: $0) })
    }

    /// Moves time on, waking every sleeper whose instant it reaches.
    func advance(by duration: Duration) {
        let due = state.withLock { state -> [Sleeper] in
            state.now += duration
            let now = state.now
            let due = state.sleepers.filter { $0.until <= now }
            state.sleepers.removeAll { $0.until <= now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    private func sleep(until: ContinuousClock.Instant) async throws {
        let id = state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow: Bool = state.withLock { state in
                    if until <= state.now || Task.isCancelled { return true }
                    state.sleepers.append(Sleeper(id: id, until: until, continuation: continuation))
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let cancelled = state.withLock { state -> Sleeper? in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return state.sleepers.remove(at: index)
            }
            cancelled?.continuation.resume(throwing: CancellationError())
        }
        try Task.checkCancellation()
    }
}
