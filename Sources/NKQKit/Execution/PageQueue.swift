/// The pages one request has fetched and the consumer has not read yet, bounded so that a
/// request far ahead of the consumer pauses instead of filling memory.
actor PageQueue: Signalling {
    private var pages: [[JSONValue]] = []
    private var head = 0
    private var end: Result<Void, any Error>?
    private let capacity: Int
    var waiters = SignalWaiters()

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Waits while the queue is full. Throws `CancellationError` once the queue or the task is
    /// cancelled.
    func push(_ page: [JSONValue]) async throws {
        while pages.count - head >= capacity, end == nil {
            try await waitForSignal()
        }
        if end != nil { throw CancellationError() }
        pages.append(page)
        signal()
    }

    /// No more pages; `error` is handed to the consumer after the pages already queued.
    func finish(_ error: (any Error)? = nil) {
        guard end == nil else { return }
        end = error.map { .failure($0) } ?? .success(())
        signal()
    }

    /// The next page, nil after the last; rethrows the producer's error in its place.
    func next() async throws -> [JSONValue]? {
        while true {
            if head < pages.count {
                let page = pages[head]
                pages[head] = []
                head += 1
                if head > 64, head * 2 > pages.count {
                    pages.removeFirst(head)
                    head = 0
                }
                signal()
                return page
            }
            switch end {
            case .success: return nil
            case .failure(let error): throw error
            case nil: try await waitForSignal()
            }
        }
    }
}
