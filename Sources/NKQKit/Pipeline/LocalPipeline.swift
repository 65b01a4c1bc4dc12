/// The stages of a statement that run on rows after they arrive: every stage the API could not
/// do, and a re-check of each prefilter predicate. Built by the planner (`Plan.local`), run by
/// the shell over the executor's (or a file's) rows.
public struct LocalPipeline: Sendable {
    public struct Step: Sendable {
        public var stage: LocalStage
        /// The statement text the stage came from, for explain.
        public var text: String

        public init(_ stage: LocalStage, text: String) {
            self.stage = stage
            self.text = text
        }
    }

    public var steps: [Step]
    /// Fields renamed by a flatten (`NameClash`), for one note each.
    public let notes: StageNotes

    public init(steps: [Step] = [], notes: StageNotes = StageNotes()) {
        self.steps = steps
        self.notes = notes
    }

    public var stages: [LocalStage] { steps.map(\.stage) }

    /// Column order for renderers: the last select, group or count decides; nil when
    /// rows keep their own fields (no such stage, `select *`, or a flatten after it).
    public var columns: [String]? {
        var columns: [String]?
        for step in steps {
            switch step.stage {
            case .select(let cs): columns = cs.map(\.name)
            case .group(let keys, let aggregates): columns = keys.map(\.name) + aggregates.map(\.name)
            case .count: columns = ["count"]
            case .flatten: columns = nil
            case .filter, .limit, .sort, .distinct: break
            }
        }
        return columns
    }

    /// Runs over rows in hand (tests, benchmarks, cached results).
    public func run(_ rows: some Sequence<JSONValue>) throws(Diagnostic) -> [JSONValue] {
        let run = PipelineRun(stages, notes: notes)
        for row in rows where !run.accept(row) { break }
        if let failure = run.failure { throw failure }
        run.finish()
        return run.output.drain()
    }

    /// Runs over rows as they arrive. A satisfied `limit` stops pulling from `rows`, so the
    /// producer (the executor) sees no more demand and can cancel its remaining calls.
    public func rows<Upstream: AsyncSequence>(from rows: Upstream) -> PipelineRows<Upstream> where Upstream.Element == JSONValue {
        PipelineRows(upstream: rows, stages: stages, notes: notes)
    }
}

/// The rows coming out of a local pipeline.
public struct PipelineRows<Upstream: AsyncSequence>: AsyncSequence where Upstream.Element == JSONValue {
    public typealias Element = JSONValue
    let upstream: Upstream
    let stages: [LocalStage]
    let notes: StageNotes

    public func makeAsyncIterator() -> Iterator {
        Iterator(upstream: upstream.makeAsyncIterator(), run: PipelineRun(stages, notes: notes))
    }

    public struct Iterator: AsyncIteratorProtocol {
        var upstream: Upstream.AsyncIterator
        let run: PipelineRun
        var finished = false

        public mutating func next() async throws -> JSONValue? {
            while true {
                if let row = run.output.pop() { return row }
                if finished { return nil }
                if let row = try await upstream.next() {
                    if !run.accept(row) {
                        if let failure = run.failure { throw failure }
                        run.finish()
                        finished = true
                    }
                } else {
                    run.finish()
                    finished = true
                }
            }
        }
    }
}
