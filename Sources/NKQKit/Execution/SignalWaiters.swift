/// Tasks suspended inside an actor until its state changes. Every change wakes every waiter and
/// each re-checks its own condition, which keeps the waiting logic in plain loops.
struct SignalWaiters {
    private var nextID: UInt64 = 0
    private var pending: [UInt64: CheckedContinuation<Void, any Error>] = [:]

    mutating func reserveID() -> UInt64 {
        nextID += 1
        return nextID
    }

    mutating func park(_ id: UInt64, _ continuation: CheckedContinuation<Void, any Error>) {
        pending[id] = continuation
    }

    mutating func resumeAll() {
        let waiting = pending
        pending.removeAll()
        for continuation in waiting.values { continuation.resume() }
    }

    mutating func cancel(_ id: UInt64) {
        pending.removeValue(forKey: id)?.resume(throwing: CancellationError())
    }
}

/// An actor that parks tasks in `waiters` until `signal()`.
protocol Signalling: Actor {
    var waiters: SignalWaiters { get set }
}

extension Signalling {
    /// Suspends until the next `signal()`; throws `CancellationError` when the task is cancelled.
    func waitForSignal() async throws {
        let id = waiters.reserveID()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters.park(id, continuation)
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    func signal() {
        waiters.resumeAll()
    }

    private func cancelWaiter(_ id: UInt64) {
        waiters.cancel(id)
    }
}
