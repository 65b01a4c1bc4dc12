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

    /// `rowLimit` is the plan's fetch limit: a request that alone has brought that many rows
    /// fetches no further page, even while the consumer has not read them yet.
    static func start(requests: [PlannedRequest], shape: RowShape, session: APISession, options: ExecutionOptions,
                      rowLimit: Int? = nil, recorder: StatementRecorder) -> PagedFetch {
        let queues = requests.map { _ in PageQueue(capacity: options.pagesAhead) }
        let fetch = PagedFetch(queues: queues)
        let task = Task {
            await withTaskGroup(of: Bool.self) { group in
                var next = 0
                var failed = false
                func startNext() {
                    let index = next
                    next += 1
                    group.addTask {
                        do {
                            try await follow(requests[index], shape: shape, into: queues[index], session: session,
                                             options: options, rowLimit: rowLimit, recorder: recorder)
                            await queues[index].finish()
                            return true
                        } catch {
                            await queues[index].finish(error)
                            return false
                        }
                    }
                }
                while next < min(options.concurrency, requests.count) { startNext() }
                while let succeeded = await group.next() {
                    if !succeeded { failed = true }
                    // After a failure no new request starts: the consumer stops at the failed one.
                    if next < requests.count, !failed, !Task.isCancelled { startNext() }
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

    /// Fetches one request's pages in order into `queue`, stopping per its `Paging`.
    private static func follow(_ request: PlannedRequest, shape: RowShape, into queue: PageQueue,
                               session: APISession, options: ExecutionOptions, rowLimit: Int?,
                               recorder: StatementRecorder)
        async throws
    {
        var call = request.firstPage
        var pageNumber: Int?
        var pagesFetched = 0
        var rowsFetched = 0
        if case .pages(_, let first, _, _) = request.paging { pageNumber = first }
        while true {
            let body = try await session.call(call, options: options, recorder: recorder)
            let label = CallSpec(call, base: session.target.apiBaseURL).label
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
            try await queue.push(rows)
            pagesFetched += 1
            rowsFetched += rows.count
            if let rowLimit, rowsFetched >= rowLimit { return }
            guard case .pages(_, _, let size, let stop) = request.paging, let current = pageNumber else { return }
            switch stop {
            case .shortPage where elements.count < size, .emptyPage where elements.isEmpty:
                recorder.requestEnded(request, pages: pagesFetched)
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
