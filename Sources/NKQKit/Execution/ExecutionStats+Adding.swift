extension ExecutionStats {
    /// Adds another run's costs (a join's fetch) to these; complete only when both are.
    mutating func add(_ other: ExecutionStats) {
        calls += other.calls
        retries += other.retries
        throttled += other.throttled
        waitedSeconds += other.waitedSeconds
        cacheHits += other.cacheHits
        pages += other.pages
        complete = complete && other.complete
        partialReason = partialReason ?? other.partialReason
        pagesByRequest.merge(other.pagesByRequest) { _, new in new }
        rowsByRequest.merge(other.rowsByRequest) { _, new in new }
    }
}
