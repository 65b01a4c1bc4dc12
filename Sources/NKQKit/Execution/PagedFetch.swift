/// The API side of a run: every request follows its pages in order, up to `concurrency`
/// requests at a time, each filling its own `PageQueue`; the consumer reads the queues in
/// request order, so rows come out in plan order while later requests fetch ahead.
///
/// The fetching is `run()`, a child task of the rows' scope (`Execution.withRows`): cancelling
/// that task stops every call; `stop()` does the same from the consumer's side once it has all
/// the rows it needs.
final class PagedFetch: Sendable {
    let queues: [PageQueue]
    private let requests: [PlannedRequest]
    private let shape: RowShape
    private let session: APISession
    private let options: ExecutionOptions
    private let rowLimit: Int?
    private let gate: FetchLimitGate?
    private let recorder: StatementRecorder
    /// Finished by `stop()`; `run()` waits on it beside the requests.
    private let stopRequests: AsyncStream<Void>
    private let stopper: AsyncStream<Void>.Continuation

    /// `rowLimit` is the plan's fetch limit. With `limitGate` (no repeats to drop across
    /// requests), a call starts only when the rows in hand and in flight before it cannot reach
    /// the limit (`FetchLimitGate`); without, a request that alone has brought that many rows
    /// fetches no further page. Either way, even while the consumer has not read them yet.
    init(requests: [PlannedRequest], shape: RowShape, session: APISession, options: ExecutionOptions,
         rowLimit: Int? = nil, limitGate: Bool = false, recorder: StatementRecorder) {
        queues = requests.map { _ in PageQueue(capacity: options.pagesAhead) }
        self.requests = requests
        self.shape = shape
        self.session = session
        self.options = options
        self.rowLimit = rowLimit
        gate = rowLimit.flatMap { limitGate ? FetchLimitGate(limit: $0, lanes: requests.count) : nil }
        self.recorder = recorder
        (stopRequests, stopper) = AsyncStream<Void>.makeStream()
    }

    /// Stops the calls in flight and planned: the consumer has what it wants.
    func stop() {
        stopper.finish()
    }

    /// How a child task of `run()` ended.
    private enum Ended: Sendable {
        case lane(succeeded: Bool)
        case stopRequested
    }

    /// Fetches until every request has ended, one has failed, `stop()` or cancellation; then
    /// ends every queue, so that the consumer never waits on a request that will not run.
    func run() async {
        await withTaskGroup(of: Ended.self) { group in
            group.addTask {
                for await _ in self.stopRequests {}  // ends on `stop()` or cancellation
                return .stopRequested
            }
            var next = 0
            var running = 0
            var failed = false
            var stopped = false
            func startNext() async {
                let lane = Lane(index: next, request: requests[next], queue: queues[next], gate: gate)
                next += 1
                running += 1
                group.addTask {
                    do {
                        try await self.follow(lane)
                        await lane.gate?.ended(lane: lane.index)
                        await lane.queue.finish()
                        return .lane(succeeded: true)
                    } catch {
                        await lane.gate?.stop()
                        await lane.queue.finish(error)
                        return .lane(succeeded: false)
                    }
                }
                // The next request starts after this one's first call, so that it counts it.
                try? await gate?.waitUntilDecided(lane: lane.index)
            }
            while next < min(options.concurrency, requests.count), !Task.isCancelled { await startNext() }
            while running > 0, let ended = await group.next() {
                switch ended {
                case .stopRequested:
                    stopped = true
                    group.cancelAll()
                case .lane(let succeeded):
                    running -= 1
                    if !succeeded { failed = true }
                    // After a failure no new request starts: the consumer stops at the failed one.
                    if next < requests.count, !failed, !stopped, !Task.isCancelled { await startNext() }
                }
            }
            group.cancelAll()  // the wait for `stop()`, when every request ended by itself
        }
        for queue in queues { await queue.finish(CancellationError()) }
    }

    /// One request of the run: its place in plan order, where its pages go, the limit's gate.
    private struct Lane: Sendable {
        let index: Int
        let request: PlannedRequest
        let queue: PageQueue
        let gate: FetchLimitGate?
    }

    /// Fetches one request's pages in order into its queue, stopping per its `Paging` and the limit.
    private func follow(_ lane: Lane) async throws {
        let request = lane.request
        var call = request.firstPage
        var pageNumber: Int?
        var pagesFetched = 0
        var rowsFetched = 0
        // Rows one call may bring, for the limit's gate.
        var potential = FetchLimitGate.unknown
        if case .pages(_, let first, let size, _, let stop) = request.paging {
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
            guard case .pages(_, _, let size, _, let stop) = request.paging, let current = pageNumber else { return }
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
        guard case .pages(_, let first, _, _, _) = paging else { return self }
        return page(first)
    }
}
