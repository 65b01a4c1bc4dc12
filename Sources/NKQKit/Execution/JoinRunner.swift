import Synchronization

/// Runs a plan's joins. A join holds the rows that reach it, asks its source for the rows
/// whose key is among theirs (for an API resource, one statement `get R where KEY in (…)` with
/// the distinct keys, which the planner batches as it batches a literal list), and hands on one
/// row per match, the joined fields merged in by `NameClash`.
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

    func run(_ join: PlannedJoin, left rows: [JSONValue]) async throws -> [JSONValue] {
        let right: [JSONValue]
        var rightFields: [String] = []
        switch join.source {
        case .api(let resource):
            rightFields = resource.fields.filter { !$0.inputOnly }.map(\.name)
            let keys = Self.distinctKeys(rows, at: join.leftPath)
            if let plan = try rightPlan(join, resource: resource, keys: keys) {
                right = try await fetch(plan)
            } else {
                right = []
            }
        case .file(let path, let format):
            right = try await fetch(Plan(source: .file(path: path, format: format), cost: .zero))
        case .stdin(let format):
            right = try await fetch(Plan(source: .stdin(format: format), cost: .zero))
        }
        var index: [String: [JSONObject]] = [:]
        for row in right {
            guard let object = row.objectValue else { continue }
            for key in object.keys where !rightFields.contains(key) { rightFields.append(key) }
            if let key = Self.key(row.value(at: join.rightPath)) { index[key, default: []].append(object) }
        }
        let unmatched = JSONObject(rightFields.map { ($0, JSONValue.null) })
        var joined: [JSONValue] = []
        for row in rows {
            guard let object = row.objectValue else { continue }
            let matches = Self.key(row.value(at: join.leftPath)).flatMap { index[$0] } ?? []
            for match in matches {
                joined.append(.object(NameClash.merge(match, into: object, origin: join.origin, notes: join.after.notes)))
            }
            if matches.isEmpty, join.keepsUnmatched {
                joined.append(.object(NameClash.merge(unmatched, into: object, origin: join.origin, notes: join.after.notes)))
            }
        }
        return try join.after.run(joined)
    }

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

    private func fetch(_ plan: Plan) async throws -> [JSONValue] {
        let execution = try executor.run(plan)
        defer { record(execution.stats) }
        return try await execution.collect()
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
        case .number(let n): n.int.map(String.init) ?? String(n.double)
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
/// the stages after it. Without joins it streams as the local pipeline does; a join holds the
/// rows that reach it.
public struct StatementRows<Upstream: AsyncSequence>: AsyncSequence where Upstream.Element == JSONValue {
    public typealias Element = JSONValue
    let local: PipelineRows<Upstream>
    let joins: [PlannedJoin]
    let runner: JoinRunner?

    public func makeAsyncIterator() -> Iterator {
        Iterator(inner: local.makeAsyncIterator(), joins: joins, runner: runner)
    }

    public struct Iterator: AsyncIteratorProtocol {
        var inner: PipelineRows<Upstream>.Iterator
        let joins: [PlannedJoin]
        let runner: JoinRunner?
        var joined: [JSONValue]?
        var index = 0

        public mutating func next() async throws -> JSONValue? {
            guard let runner, !joins.isEmpty else { return try await inner.next() }
            if joined == nil {
                var rows: [JSONValue] = []
                while let row = try await inner.next() { rows.append(row) }
                for join in joins { rows = try await runner.run(join, left: rows) }
                joined = rows
            }
            guard let rows = joined, index < rows.count else { return nil }
            defer { index += 1 }
            return rows[index]
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
