import Synchronization

/// The API side of a run: every request follows its pages in order, up to `concurrency`
/// requests at a time, each filling its own `PageQueue`; the consumer reads the queues in
/// request order, so rows come out in plan order while later requests fetch ahead.
final class PagedFetch: Sendable {
    let queues: [PageQueue]
    private let producer = Mutex<Task<Void, Never>?>(nil)

    private init(queues: [PageQueue]) {
        self.queues = queues
    }

    /// `rowLimit` is the plan's fetch limit. With `limitGate` (no repeats to drop across
    /// requests), a call starts only when the rows in hand and in flight before it cannot reach
    /// the limit (`FetchLimitGate`); without, a request that alone has brought that many rows
    /// fetches no further page. Either way, even while the consumer has not read them yet.
    static func start(requests: [PlannedRequest], shape: RowShape, session: APISession, options: ExecutionOptions,
                      rowLimit: Int? = nil, limitGate: Bool = false, recorder: StatementRecorder) -> PagedFetch {
        let queues = requests.map { _ in PageQueue(capacity: options.pagesAhead) }
        let fetch = PagedFetch(queues: queues)
        let gate = rowLimit.flatMap { limitGate ? FetchLimitGate(limit: $0, lanes: requests.count) : nil }
        let task = Task {
            await withTaskGroup(of: Bool.self) { group in
                var next = 0
                var failed = false
                func startNext() async {
                    let lane = Lane(index: next, request: requests[next], queue: queues[next], gate: gate)
                    next += 1
                    group.addTask {
                        do {
                            try await follow(lane, shape: shape, session: session, options: options, rowLimit: rowLimit,
                                             recorder: recorder)
                            await lane.gate?.ended(lane: lane.index)
                            await lane.queue.finish()
                            return true
                        } catch {
                            await lane.gate?.stop()
                            await lane.queue.finish(error)
                            return false
                        }
                    }
                    // The next request starts after this one's first call, so that it counts it.
                    try? await gate?.waitUntilDecided(lane: lane.index)
                }
                while next < min(options.concurrency, requests.count), !Task.isCancelled { await startNext() }
                while let succeeded = await group.next() {
                    if !succeeded { failed = true }
                    // After a failure no new request starts: the consumer stops at the failed one.
                    if next < requests.count, !failed, !Task.isCancelled { await startNext() }
                }
            }
            for queue in queues { await queue.finish(CancellationError()) }
        }
        fetch.producer.withLock { $0 = task }
        return fetch
    }

    /// Stops every call in flight or planned.
    func cancel() {
        producer.withLock { $0 }?.cancel()
    }

    /// One request of the run: its place in plan order, where its pages go, the limit's gate.
    private struct Lane: Sendable {
        let index: Int
        let request: PlannedRequest
        let queue: PageQueue
        let gate: FetchLimitGate?
    }

    /// Fetches one request's pages in order into its queue, stopping per its `Paging` and the limit.
    private static func follow(_ lane: Lane, shape: RowShape, session: APISession, options: ExecutionOptions,
                               rowLimit: Int?, recorder: StatementRecorder)
        async throws
    {
        let request = lane.request
        var call = request.firstPage
        var pageNumber: Int?
        var pagesFetched = 0
        var rowsFetched = 0
        // Rows one call may bring, for the limit's gate.
        var potential = FetchLimitGate.unknown
        if case .pages(_, let first, let size, let stop) = request.paging {
            pageNumber = first
            if stop == .shortPage { potential = size }
        }
        while true {
            if let gate = lane.gate, try await !gate.admit(lane: lane.index, potential: potential) { return }
            let body = try await session.call(call, options: options, recorder: recorder)
            recorder.pageAnswered()
            let label = CallSpec(call, target: session.target).label
            guard case .array(let elements) = body else {
                throw ExecutionError.invalidResponse(request: label, reason: "expected a JSON array")
            }
            let rows: [JSONValue]
            do {
                rows = try shape.rows(from: elements)
            } catch {
                throw ExecutionError.invalidResponse(request: label, reason: error.description)
            }
            // A page's rows are queued only after the whole page succeeded, so a retried page
            // never yields twice.
            await lane.gate?.answered(lane: lane.index, rows: rows.count)
            try await lane.queue.push(rows)
            pagesFetched += 1
            rowsFetched += rows.count
            if let rowLimit, rowsFetched >= rowLimit { return }
            guard case .pages(_, _, let size, let stop) = request.paging, let current = pageNumber else { return }
            switch stop {
            case .shortPage where elements.count < size, .emptyPage where elements.isEmpty:
                recorder.requestEnded(request, pages: pagesFetched, rows: rowsFetched)
                return
            default: break
            }
            if pagesFetched >= options.maxPagesPerRequest {
                throw ExecutionError.invalidResponse(
                    request: label, reason: "still more pages after \(pagesFetched); the API may ignore the page parameter")
            }
            pageNumber = current + 1
            call = request.page(current + 1)
        }
    }
}

extension PlannedRequest {
    /// The first call: the request with its paging parameter at the first page.
    var firstPage: PlannedRequest {
        guard case .pages(_, let first, _, _) = paging else { return self }
        return page(first)
    }
}
