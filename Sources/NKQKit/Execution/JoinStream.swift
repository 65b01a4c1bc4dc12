/// One join of a statement as its output is read. The join holds the rows that reach it (their
/// keys decide its fetches, and a `--max-calls` budget is checked against all of them before any
/// call), then fetches and hands on the joined rows a chunk at a time: for a resource asked by
/// key (`get R where KEY in (…)`, batched by the planner as a literal list), a chunk holds the
/// new keys of one call at first and doubles up to what the calls at once take, so that a
/// `limit` after the join stops the calls as soon as it is met, while a long input still keeps
/// every lane busy. A source read whole (a file, stdin, a resource whose key is no API filter)
/// is read once. Joined rows keep the rows' order (a row's matches in the source's order).
final class JoinStream {
    let join: PlannedJoin
    private let runner: JoinRunner
    /// The stages after the join, fed chunk by chunk.
    let after: PipelineRun
    /// The rows in hand not joined yet (nil until they have all arrived), from `next` on.
    private var rows: [JSONValue]?
    private var next = 0
    /// The joined source's rows by key, for every key asked for so far (or all of them).
    private var index: [String: [JSONObject]] = [:]
    /// Keys already asked for, so that a repeat is never asked again.
    private var asked: Set<String> = []
    private var rightFields: [String] = []
    /// New keys a chunk asks for (`Int.max`: every row in one chunk).
    private var chunkSize = Int.max
    private var largestChunk = Int.max
    /// No further row can change the output: every row was joined, or a `limit` after it is met.
    private(set) var finished = false

    init(_ join: PlannedJoin, runner: JoinRunner) {
        self.join = join
        self.runner = runner
        after = PipelineRun(join.after.stages, notes: join.after.notes)
        if case .api(let resource) = join.source {
            rightFields = resource.fields.filter { !$0.inputOnly }.map(\.name)
            if let batch = join.batch {
                chunkSize = batch
                largestChunk = batch * max(1, runner.executor.options.concurrency)
            }
        }
    }

    var hasRows: Bool { rows != nil }

    /// Takes every row that reaches the join; for a resource asked by key, refuses (before any
    /// call) a fetch of all their keys that the statement's `--max-calls` cannot cover.
    func hold(_ rows: [JSONValue]) throws {
        self.rows = rows
        guard case .api(let resource) = join.source, join.batch != nil else { return }
        if let whole = try runner.rightPlan(join, resource: resource, keys: JoinRunner.distinctKeys(rows, at: join.leftPath)) {
            try runner.executor.check(whole)
        }
    }

    /// Fetches for the next chunk of rows, joins them and feeds them to the stages after the
    /// join; once every row is joined (or a `limit` is met) those stages finish.
    func joinNextChunk() async throws {
        guard let rows, next < rows.count else { return end() }
        var end = next
        var keys: [JSONValue] = []
        var fresh: Set<String> = []
        while end < rows.count {
            let value = rows[end].value(at: join.leftPath)
            if let key = newKey(of: value), !fresh.contains(key) {
                if fresh.count == chunkSize { break }
                fresh.insert(key)
                keys.append(value)
            }
            end += 1
        }
        // Rows joined to a fetch cut short could lack matches they have (a left join would show
        // them unmatched): the join ends with the chunks before, and the statement is partial.
        guard try await fetch(keys: keys, rows: rows[next..<end]) else { return self.end() }
        let unmatched = JSONObject(rightFields.map { ($0, JSONValue.null) })
        for row in rows[next..<end] {
            guard let object = row.objectValue else { continue }
            let matches = JoinRunner.key(row.value(at: join.leftPath)).flatMap { index[$0] } ?? []
            var joined = matches.map { NameClash.merge($0, into: object, origin: join.origin, notes: join.after.notes) }
            if matches.isEmpty, join.keepsUnmatched {
                joined = [NameClash.merge(unmatched, into: object, origin: join.origin, notes: join.after.notes)]
            }
            for row in joined where !after.accept(.object(row)) {
                if let failure = after.failure { throw failure }
                return self.end()
            }
        }
        next = end
        if chunkSize < largestChunk { chunkSize = min(largestChunk, chunkSize * 2) }
    }

    private func end() {
        guard !finished else { return }
        finished = true
        after.finish()
    }

    /// A key a fetch by key would ask for: never asked for yet, of the joined field's type.
    private func newKey(of value: JSONValue) -> String? {
        guard case .api = join.source, join.batch != nil, let key = JoinRunner.key(value), !asked.contains(key),
              JoinRunner.literal(value, as: join.rightType) != nil else { return nil }
        return key
    }

    /// Fetches the joined rows a chunk needs; false when the fetch was cut short.
    private func fetch(keys: [JSONValue], rows: ArraySlice<JSONValue>) async throws -> Bool {
        switch join.source {
        case .api(let resource) where join.batch != nil:
            for key in keys { if let text = JoinRunner.key(key) { asked.insert(text) } }
            guard let plan = try runner.rightPlan(join, resource: resource, keys: keys) else { return true }
            return add(try await runner.fetch(plan))
        case .api(let resource):
            guard let plan = try runner.rightPlan(join, resource: resource, keys: JoinRunner.distinctKeys(Array(rows), at: join.leftPath)) else { return true }
            return add(try await runner.fetch(plan))
        case .file(let path, let format):
            return add(try await runner.fetch(Plan(source: .file(path: path, format: format), cost: .zero)))
        case .stdin(let format):
            return add(try await runner.fetch(Plan(source: .stdin(format: format), cost: .zero)))
        }
    }

    /// Indexes what a fetch brought; false when it was cut short.
    private func add(_ fetched: (rows: [JSONValue], complete: Bool)) -> Bool {
        add(fetched.rows)
        return fetched.complete
    }

    private func add(_ rows: [JSONValue]) {
        for row in rows {
            guard let object = row.objectValue else { continue }
            for key in object.keys where !rightFields.contains(key) { rightFields.append(key) }
            if let key = JoinRunner.key(row.value(at: join.rightPath)) { index[key, default: []].append(object) }
        }
    }
}
