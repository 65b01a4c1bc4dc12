/// Runs plans: the API requests of a plan within the session's quota, or the rows of a file or
/// stdin, handing rows on in plan order (request order, then page order).
public struct Executor: Sendable {
    /// Nil when no API target is configured; then only `file`/`stdin` plans run.
    public var session: APISession?
    public var options: ExecutionOptions
    public var observer: (@Sendable (ExecutionProgress) -> Void)?
    /// Told what a long wait (over 5 s: the quota's reset, a server's `Retry-After`) waits for.
    public var notices: (@Sendable (String) -> Void)?

    public init(session: APISession?, options: ExecutionOptions = ExecutionOptions(),
                observer: (@Sendable (ExecutionProgress) -> Void)? = nil,
                notices: (@Sendable (String) -> Void)? = nil) {
        self.session = session
        self.options = options
        self.observer = observer
        self.notices = notices
    }

    /// Refuses, before any call, a plan the budget cannot cover (`--max-calls`: exit 3).
    public func check(_ plan: Plan) throws(ExecutionError) {
        guard case .api(let requests, _) = plan.source, !requests.isEmpty else { return }
        if let maxCalls = options.maxCalls {
            if plan.cost.max.map({ $0 > maxCalls }) ?? true {
                throw .budgetRefused(maxCalls: maxCalls, planned: plan.cost.max)
            }
        }
        if session == nil { throw .source("no API target is configured") }
    }

    /// Starts the plan. Calls begin at once (in the background); iterate the result for rows.
    /// Throws only when the plan is refused (see `check`).
    public func run(_ plan: Plan) throws(ExecutionError) -> Execution {
        try check(plan)
        let recorder = StatementRecorder(callsPlanned: plan.cost.estimate ?? plan.cost.max, observer: observer,
                                         retry: options.retry, notices: notices)
        let source: RowBatchSource
        switch plan.source {
        case .api(let requests, let shape):
            guard let session, !requests.isEmpty else {
                source = .empty
                break
            }
            source = .pages(PagedFetch.start(requests: requests, shape: shape, session: session, options: options,
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
