import Synchronization

/// Fetches for a plan's joins (each streamed by a `JoinStream`): the statement that asks a
/// resource for the rows whose key is among the keys in hand, which the planner batches as it
/// batches a literal list, and what those fetches cost.
final class JoinRunner: Sendable {
    let executor: Executor
    let clock: StatementClock
    private let spent = Mutex(ExecutionStats())

    init(executor: Executor, clock: StatementClock) {
        self.executor = executor
        self.clock = clock
        spent.withLock { $0.complete = true }
    }

    /// What the joins' fetches cost so far.
    var stats: ExecutionStats { spent.withLock { $0 } }

    /// The statement that fetches the joined rows: `get prices where nobbNumber in (…)`; nil
    /// when no key can match (no call is needed).
    func rightPlan(_ join: PlannedJoin, resource: ResourceSchema, keys: [JSONValue]) throws -> Plan? {
        let literals = keys.compactMap { Self.literal($0, as: join.rightType) }
        guard !literals.isEmpty else { return nil }
        let text = "get \(resource.name) where \(join.rightPath.joined(separator: ".")) in (\(literals.joined(separator: ", ")))"
        let source = SourceText(text)
        guard case .query(let query)? = Parser.parseScript(source).statements.first else {
            throw ExecutionError.source("cannot read the keys of \(join.text)")
        }
        do {
            return try Planner(clock: clock).plan(try Analyzer().analyzed(query), in: source)
        } catch {
            let reasons = error.diagnostics.map(\.message).joined(separator: "; ")
            throw ExecutionError.source("\(join.text) cannot be fetched: \(reasons)")
        }
    }

    /// The rows of `plan`, and whether they are all of them: a run cut short (the quota with
    /// `--on-limit partial`, the budget, Ctrl-C) hands on the rows it had.
    func fetch(_ plan: Plan) async throws -> (rows: [JSONValue], complete: Bool) {
        let execution = try executor.run(plan)
        defer { record(execution.stats) }
        let rows = try await execution.collect()
        return (rows, execution.stats.complete && !Task.isCancelled)
    }

    private func record(_ stats: ExecutionStats) {
        spent.withLock { $0.add(stats) }
    }

    /// The distinct non-null keys, in first-seen order.
    static func distinctKeys(_ rows: [JSONValue], at path: [String]) -> [JSONValue] {
        var seen: Set<String> = []
        var keys: [JSONValue] = []
        for row in rows {
            let value = row.value(at: path)
            if let key = key(value), seen.insert(key).inserted { keys.append(value) }
        }
        return keys
    }

    /// Keys compare by their text, so that a spreadsheet's `12345678` (a number) matches the
    /// API's, and `'0150'` (text with its zero) matches only `0150`.
    static func key(_ value: JSONValue) -> String? {
        switch value {
        // An integer past 64 bits keeps its digits (a spreadsheet holds it as that text).
        case .number(let n): n.int.map(String.init) ?? (n.text.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "-") } ? n.text : String(n.double))
        case .string(let s): s
        case .bool(let b): b ? "true" : "false"
        case .null, .array, .object: nil
        }
    }

    /// A key as a literal of the language, of the joined field's type; nil when it cannot be one
    /// (text that is no number, for a number field): such a key matches no row, so is not asked for.
    static func literal(_ value: JSONValue, as type: FieldType) -> String? {
        guard let text = key(value) else { return nil }
        switch type {
        case .integer:
            guard let n = Int(text), text == String(n) else { return nil }
            return text
        case .decimal:
            guard Double(text) != nil, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }) else { return nil }
            return text
        case .string, .enumeration, .date, .timestamp:
            return StatementRunner.quoted(text)
        case .bool:
            return text == "true" || text == "false" ? text : nil
        case .any, .object, .array:
            if case .string = value { return StatementRunner.quoted(text) }
            return text
        }
    }
}

/// A statement's output rows: the local stages over the source's rows, then each join and
/// the stages after it, streamed (see `JoinStream`).
public struct StatementRows<Upstream: AsyncSequence>: AsyncSequence where Upstream.Element == JSONValue {
    public typealias Element = JSONValue
    let local: PipelineRows<Upstream>
    let joins: [PlannedJoin]
    let runner: JoinRunner?

    public func makeAsyncIterator() -> Iterator {
        Iterator(inner: local.makeAsyncIterator(), streams: runner.map { runner in joins.map { JoinStream($0, runner: runner) } } ?? [])
    }

    public struct Iterator: AsyncIteratorProtocol {
        var inner: PipelineRows<Upstream>.Iterator
        let streams: [JoinStream]

        public mutating func next() async throws -> JSONValue? {
            try await next(after: streams.count)
        }

        /// The next row out of the first `level` joins (0: the local stages' rows).
        private mutating func next(after level: Int) async throws -> JSONValue? {
            guard level > 0 else { return try await inner.next() }
            let stream = streams[level - 1]
            if !stream.hasRows {
                var rows: [JSONValue] = []
                while let row = try await next(after: level - 1) { rows.append(row) }
                try stream.hold(rows)
            }
            while true {
                if let row = stream.after.output.pop() { return row }
                if stream.finished { return nil }
                try await stream.joinNextChunk()
            }
        }
    }
}

extension Plan {
    /// The statement's output rows over the source's rows; `runner` runs the joins.
    func rows<Upstream: AsyncSequence>(from rows: Upstream, runner: JoinRunner?) -> StatementRows<Upstream> where Upstream.Element == JSONValue {
        StatementRows(local: local.rows(from: rows), joins: joins, runner: runner)
    }

    /// Whether a join calls the API (so the statement needs a session even without requests).
    var joinsCallAPI: Bool { joins.contains(where: \.callsAPI) }

    /// The local stages, then those after each join.
    var allStages: [LocalStage] { local.stages + joins.flatMap(\.after.stages) }

    /// Whether the output sums up its rows (count, group by, distinct, sort), before a join or
    /// after one: such a summary of partial rows is not the answer.
    var summarises: Bool {
        allStages.contains {
            switch $0 {
            case .count, .group, .distinct, .sort: true
            default: false
            }
        }
    }
}

extension JoinRunner {
    /// For `explain` of a statement over a file: the first join's keys, read from the file (no
    /// call), and the requests they make. nil when there is no such join.
    static func explainKeys(of plan: Plan, clock: StatementClock) async -> String? {
        guard let join = plan.joins.first, case .api(let resource) = join.source, case .file = plan.source else { return nil }
        let left = join.leftPath.joined(separator: ".")
        do {
            let rows = try await Executor(session: nil).run(plan).withRows { rows in
                var kept: [JSONValue] = []
                for try await row in plan.local.rows(from: rows) { kept.append(row) }
                return kept
            }
            let keys = distinctKeys(rows, at: join.leftPath)
            let runner = JoinRunner(executor: Executor(session: nil), clock: clock)
            guard let right = try runner.rightPlan(join, resource: resource, keys: keys) else {
                return "join keys: \(keys.count) distinct values of \(left) in \(plan.sourceName), none a \(resource.name) key: no calls\n"
            }
            var out = "join keys: \(keys.count) distinct values of \(left) in \(plan.sourceName): \(right.requests.count) requests, calls: \(right.cost.explanation)\n"
            for request in right.requests.prefix(3) { out += "  " + request.firstCallText + "\n" }
            if right.requests.count > 3 { out += "  … and \(right.requests.count - 3) more\n" }
            return out
        } catch {
            return "join keys: cannot be read from \(plan.sourceName): \(error)\n"
        }
    }
}
