/// One statement's run: its rows are read inside `withRows`; read `stats` during or after.
///
/// Rows come in plan order, repeats (by the plan's `dedupKey`) dropped, at most `fetchLimit`.
/// The calls are child tasks of the `withRows` scope: leaving it, at the end or early (a
/// satisfied `limit`, an error, the task cancelled by Ctrl-C), cancels the calls still in
/// flight or planned and waits for them to end. A cancelled task's rows end with the rows in
/// hand, marked partial ("interrupted"). A run the `--max-calls` budget cuts short, and under
/// `--on-limit partial` one the quota cuts short, ends normally with `stats.complete == false`;
/// other failures are thrown as `ExecutionError`.
public final class Execution: Sendable {
    private let source: RowBatchSource
    fileprivate let dedupKey: [[String]]?
    fileprivate let fetchLimit: Int?
    fileprivate let onLimit: QuotaGate.LimitPolicy
    fileprivate let recorder: StatementRecorder

    init(source: RowBatchSource, dedupKey: [[String]]?, fetchLimit: Int?, onLimit: QuotaGate.LimitPolicy,
         recorder: StatementRecorder) {
        self.source = source
        self.dedupKey = dedupKey
        self.fetchLimit = fetchLimit
        self.onLimit = onLimit
        self.recorder = recorder
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

    /// Runs the statement's calls while `body` reads its rows (once per execution), and ends
    /// them, awaited, when `body` returns or throws.
    public func withRows<T>(isolation: isolated (any Actor)? = #isolation,
                            _ body: (Rows) async throws -> T) async throws -> T {
        let cursor = Cursor(self)
        defer { cursor.close() }
        switch source {
        case .empty:
            return try await body(Rows(cursor: cursor))
        case .reader(let reader):
            do {
                let result = try await body(Rows(cursor: cursor))
                await reader.stop()
                return result
            } catch {
                await reader.stop()
                throw error
            }
        case .pages(let fetch):
            return try await withThrowingTaskGroup(of: Void.self, returning: T.self) { group in
                group.addTask { await fetch.run() }
                // Leaving the scope, however, stops the calls; the group then awaits them.
                defer { group.cancelAll() }
                return try await body(Rows(cursor: cursor))
            }
        }
    }

    /// Every row, in order.
    public func collect(isolation: isolated (any Actor)? = #isolation) async throws -> [JSONValue] {
        try await withRows { rows in
            var all: [JSONValue] = []
            for try await row in rows { all.append(row) }
            return all
        }
    }

    /// The rows of one `withRows` scope.
    public struct Rows: AsyncSequence {
        public typealias Element = JSONValue
        fileprivate let cursor: Cursor

        public func makeAsyncIterator() -> Iterator {
            Iterator(cursor: cursor)
        }

        public struct Iterator: AsyncIteratorProtocol {
            fileprivate let cursor: Cursor

            public mutating func next() async throws -> JSONValue? {
                try await cursor.next()
            }
        }
    }

    /// The iteration's state, in the task that reads the rows.
    fileprivate final class Cursor {
        private let execution: Execution
        private var batch: [JSONValue] = []
        private var index = 0
        private var lane = 0
        private var yielded = 0
        private var seen = Set<[JSONValue]>()
        private var done = false
        private var interrupted = false

        init(_ execution: Execution) {
            self.execution = execution
            if execution.fetchLimit == 0 { end(complete: true) }
        }

        /// The scope ends: a consumer that stopped reading has what it wants (e.g. a satisfied
        /// `limit`), unless its task was cancelled.
        func close() {
            guard !done else { return }
            let interrupted = interrupted || Task.isCancelled
            end(complete: !interrupted, reason: interrupted ? "interrupted" : nil)
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
            if error is CancellationError, Task.isCancelled {
                interrupted = true
                return "interrupted"
            }
            if let stop = error as? PartialStop { return stop.reason }
            guard execution.onLimit == .partial, let error = error as? ExecutionError else { return nil }
            switch error {
            case .http(let status, _, _) where status >= 500: return error.description
            case .transport, .rateLimited, .throttled, .gaveUp: return error.description
            default: return nil
            }
        }

        /// No more rows: the calls stop now, not when the scope ends.
        private func end(complete: Bool, reason: String? = nil) {
            done = true
            batch = []
            execution.recorder.finish(complete: complete, partialReason: reason)
            if case .pages(let fetch) = execution.source { fetch.stop() }
        }
    }
}
