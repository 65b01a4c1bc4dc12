import Synchronization

/// One statement's run: iterate it (once) for its rows; read `stats` during or after.
///
/// Rows come in plan order, repeats (by the plan's `dedupKey`) dropped, at most `fetchLimit`.
/// Stopping the iteration early (dropping the iterator) cancels the calls still in flight or
/// planned; `cancel()` (Ctrl-C) does the same and marks the rows partial. Under
/// `--on-limit partial`, a run the quota or budget cuts short ends normally with
/// `stats.complete == false`; other failures are thrown as `ExecutionError`.
public final class Execution: AsyncSequence, Sendable {
    public typealias Element = JSONValue

    private let source: RowBatchSource
    private let dedupKey: [[String]]?
    private let fetchLimit: Int?
    private let onLimit: QuotaGate.LimitPolicy
    private let recorder: StatementRecorder
    private let interrupted = Mutex(false)

    init(source: RowBatchSource, dedupKey: [[String]]?, fetchLimit: Int?, onLimit: QuotaGate.LimitPolicy,
         recorder: StatementRecorder) {
        self.source = source
        self.dedupKey = dedupKey
        self.fetchLimit = fetchLimit
        self.onLimit = onLimit
        self.recorder = recorder
    }

    deinit {
        stopSource()  // a run nobody iterates any more stops its calls
    }

    public var stats: ExecutionStats { recorder.stats }

    /// Whether the rows may lack fields or rows of the file (read with `LocalPipeline.sourceFields`
    /// or `leadingFilter`): the names the file held come from `sourceFieldSightings`.
    var buildsSomeFields: Bool {
        if case .reader(let reader) = source { return reader.handsOnSomeFields }
        return false
    }

    /// The top-level names a file's rows held and how many rows were read, when the reader
    /// built only some fields of each.
    func sourceFieldSightings() async -> (names: [String], rows: Int)? {
        if case .reader(let reader) = source { return await reader.fieldSightings() }
        return nil
    }

    fileprivate var isInterrupted: Bool { interrupted.withLock { $0 } }

    /// Interrupts the run: calls stop, the iteration ends after the rows in hand, partial.
    public func cancel() {
        interrupted.withLock { $0 = true }
        stopSource()
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(cursor: Cursor(self))
    }

    public struct Iterator: AsyncIteratorProtocol {
        let cursor: Cursor

        public mutating func next() async throws -> JSONValue? {
            try await cursor.next()
        }
    }

    fileprivate func stopSource() {
        switch source {
        case .pages(let fetch): fetch.cancel()
        case .reader(let reader): reader.stop()
        case .empty: break
        }
    }

    /// The iteration's state; it ends the run when the consumer lets go of it.
    final class Cursor {
        private let execution: Execution
        private var batch: [JSONValue] = []
        private var index = 0
        private var lane = 0
        private var yielded = 0
        private var seen = Set<[JSONValue]>()
        private var done = false

        init(_ execution: Execution) {
            self.execution = execution
            if execution.fetchLimit == 0 { end(complete: true) }
        }

        deinit {
            if !done {
                // The consumer has what it wants (e.g. a satisfied `limit`).
                let interrupted = execution.isInterrupted
                execution.recorder.finish(complete: !interrupted, partialReason: interrupted ? "interrupted" : nil)
                execution.stopSource()
            }
        }

        func next() async throws -> JSONValue? {
            while !done {
                if index < batch.count {
                    let row = batch[index]
                    batch[index] = .null
                    index += 1
                    if let key = execution.dedupKey {
                        guard seen.insert(key.map { row.value(at: $0) }).inserted else { continue }
                    }
                    yielded += 1
                    execution.recorder.rows(1, notify: index == batch.count)
                    if let limit = execution.fetchLimit, yielded >= limit { end(complete: true) }
                    return row
                }
                do {
                    guard let next = try await nextBatch() else {
                        execution.recorder.readToEnd()
                        end(complete: true)
                        return nil
                    }
                    batch = next
                    index = 0
                } catch {
                    if let reason = partialReason(for: error) {
                        end(complete: false, reason: reason)
                        return nil
                    }
                    end(complete: false, reason: String(describing: error))
                    throw error
                }
            }
            return nil
        }

        private func nextBatch() async throws -> [JSONValue]? {
            if execution.isInterrupted { throw CancellationError() }
            switch execution.source {
            case .empty:
                return nil
            case .reader(let reader):
                try Task.checkCancellation()
                return try await reader.nextBatch()
            case .pages(let fetch):
                while lane < fetch.queues.count {
                    if let page = try await fetch.queues[lane].next() { return page }
                    lane += 1
                }
                return nil
            }
        }

        /// Errors that end the run with the rows in hand instead of failing it.
        private func partialReason(for error: any Error) -> String? {
            if error is CancellationError, execution.isInterrupted || Task.isCancelled {
                execution.interrupted.withLock { $0 = true }
                return "interrupted"
            }
            if let stop = error as? PartialStop { return stop.reason }
            guard execution.onLimit == .partial, let error = error as? ExecutionError else { return nil }
            switch error {
            case .http(let status, _, _) where status >= 500: return error.description
            case .transport, .rateLimited, .throttled, .gaveUp, .budgetExhausted: return error.description
            default: return nil
            }
        }

        private func end(complete: Bool, reason: String? = nil) {
            done = true
            batch = []
            execution.recorder.finish(complete: complete, partialReason: reason)
            execution.stopSource()
        }
    }
}
