import Synchronization

/// `--max-calls`: the planned calls one statement may make. Everything the statement runs
/// shares it (the queries of its lists, its own requests, its joins' fetches), so that no part
/// has the whole budget to itself. Retries and resends are the same planned call.
public final class CallBudget: Sendable {
    /// Nil: no budget.
    public let limit: Int?
    private let spent = Mutex(0)

    public init(limit: Int?) {
        self.limit = limit
    }

    /// Planned calls made so far.
    var used: Int { spent.withLock { $0 } }

    /// Calls still allowed; nil when there is no budget.
    var remaining: Int? {
        limit.map { limit in max(0, limit - used) }
    }

    /// Counts one planned call (a page not served by the cache); throws when it would pass the budget.
    func reserve() throws(ExecutionError) {
        guard let limit else { return }
        let admitted = spent.withLock { (spent: inout Int) -> Bool in
            guard spent < limit else { return false }
            spent += 1
            return true
        }
        if !admitted { throw .budgetExhausted(maxCalls: limit) }
    }
}
