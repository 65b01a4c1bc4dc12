/// Runs plans: the API requests of a plan within the session's quota, or the rows of a file or
/// stdin, handing rows on in plan order (request order, then page order).
public struct Executor: Sendable {
    /// Nil when no API target is configured; then only `file`/`stdin` plans run.
    public var session: APISession?
    public var options: ExecutionOptions
    public var observer: (@Sendable (ExecutionProgress) -> Void)?
    /// Told what a long wait (over 5 s: the quota's reset, a server's `Retry-After`) waits for.
    public var notices: (@Sendable (String) -> Void)?
    /// `--max-calls` for the statement: every plan this executor runs draws on it.
    public let budget: CallBudget

    /// `budget` defaults to a new one of `options.maxCalls` calls; a statement whose lists and
    /// joins run plans of their own passes one budget to each of their executors.
    public init(session: APISession?, options: ExecutionOptions = ExecutionOptions(),
                observer: (@Sendable (ExecutionProgress) -> Void)? = nil,
                notices: (@Sendable (String) -> Void)? = nil, budget: CallBudget? = nil) {
        self.session = session
        self.options = options
        self.budget = budget ?? CallBudget(limit: options.maxCalls)
        self.observer = observer
        self.notices = notices
    }

    /// Refuses, before any call, a plan the budget cannot cover (`--max-calls`: exit 3), counting
    /// what the statement has spent already (a list's query, the rows a join was fetched for): one
    /// whose most calls are more than is left, or, when its pages are known only as they are read,
    /// one whose estimate is. A plan that runs and then outgrows the budget stops at it, partial.
    public func check(_ plan: Plan) throws(ExecutionError) {
        guard case .api(let requests, _) = plan.source, !requests.isEmpty else { return }
        if let maxCalls = budget.limit, let remaining = budget.remaining {
            let cost = plan.cost
            let planned = cost.max ?? Swift.max(cost.min, cost.estimate ?? cost.min)
            if planned > remaining {
                throw .budgetRefused(maxCalls: maxCalls, planned: planned, estimated: cost.max == nil,
                                     spent: maxCalls - remaining)
            }
        }
        if session == nil { throw .source("no API target is configured") }
    }

    /// Prepares the plan's run; its calls happen inside `Execution.withRows`. Throws only when
    /// the plan is refused (see `check`).
    public func run(_ plan: Plan) throws(ExecutionError) -> Execution {
        try check(plan)
        let recorder = StatementRecorder(callsPlanned: plan.cost.estimate ?? plan.cost.max, observer: observer,
                                         retry: options.retry, budget: budget, notices: notices)
        let source: RowBatchSource
        switch plan.source {
        case .api(let requests, let shape):
            guard let session, !requests.isEmpty else {
                source = .empty
                break
            }
            source = .pages(PagedFetch(requests: requests, shape: shape, session: session, options: options,
                                       rowLimit: plan.fetchLimit, limitGate: plan.dedupKey == nil, recorder: recorder))
        case .file(let path, let format):
            source = .reader(FileRowReader(path: path, format: format, fields: plan.local.sourceFields,
                                           prefilter: readerFilter(plan), recorder: recorder))
        case .stdin(let format):
            source = .reader(FileRowReader(standardInput: format, fields: plan.local.sourceFields,
                                           prefilter: readerFilter(plan), recorder: recorder))
        case .empty:
            source = .empty
        }
        return Execution(source: source, dedupKey: plan.dedupKey, fetchLimit: plan.fetchLimit,
                         onLimit: options.onLimit, recorder: recorder)
    }

    /// The statement's leading `where`, for a file reader to apply while reading; not when the
    /// run counts rows against a fetch limit or drops repeats (it must see every row for that).
    private func readerFilter(_ plan: Plan) -> RowPredicate? {
        plan.fetchLimit == nil && plan.dedupKey == nil ? plan.local.leadingFilter : nil
    }
}
