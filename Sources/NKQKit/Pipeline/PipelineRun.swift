/// One run of a local pipeline: a chain of sinks, each passing rows to the next. Streaming
/// stages pass rows on at once; sort, count and group hold them until the input ends.
final class PipelineRun {
    let output = RowBuffer()
    private let head: any RowSink
    private let stageFailure = StageFailure()

    init(_ stages: [LocalStage], notes: StageNotes? = nil) {
        var sink: any RowSink = output
        for (index, stage) in stages.enumerated().reversed() {
            if case .sort(let keys) = stage, let limit = Self.limit(after: stages[(index + 1)...]) {
                sink = TopSink(keys, limit: limit, sink)
            } else {
                sink = Self.sink(for: stage, next: sink, notes: notes, failure: stageFailure)
            }
        }
        head = sink
    }

    /// The limit that follows a sort with only `select`s between (which keep the row count),
    /// so that the sort need keep only that many rows.
    static func limit(after stages: ArraySlice<LocalStage>) -> Int? {
        for stage in stages {
            switch stage {
            case .limit(let n): return n
            case .select: continue
            default: return nil
            }
        }
        return nil
    }

    /// The error that stopped the run (a regular expression over its budget), if any.
    var failure: Diagnostic? { stageFailure.error }

    /// False once no further input can change the output (a limit is satisfied).
    func accept(_ row: JSONValue) -> Bool { head.accept(row) }

    func finish() { head.finish() }

    private static func sink(for stage: LocalStage, next: any RowSink, notes: StageNotes?, failure: StageFailure) -> any RowSink {
        switch stage {
        case .filter(let p): FilterSink(p, next, failure: failure)
        case .select(let columns): SelectSink(columns, next)
        case .flatten(let path): FlattenSink(path, next, notes: notes)
        case .limit(let n): LimitSink(n, next)
        case .sort(let keys): SortSink(keys, next)
        case .distinct(let paths): DistinctSink(paths, next)
        case .count: CountSink(next)
        case .group(let keys, let aggregates): GroupSink(keys, aggregates, next, notes: notes)
        }
    }
}

protocol RowSink: AnyObject {
    /// Returns false when no more rows are wanted.
    func accept(_ row: JSONValue) -> Bool
    func finish()
}

/// The end of the chain: rows ready for the caller, taken in order.
final class RowBuffer: RowSink {
    private var rows: [JSONValue] = []
    private var head = 0

    func accept(_ row: JSONValue) -> Bool {
        rows.append(row)
        return true
    }

    func finish() {}

    func pop() -> JSONValue? {
        guard head < rows.count else { return nil }
        let row = rows[head]
        head += 1
        if head == rows.count {
            rows.removeAll(keepingCapacity: true)
            head = 0
        }
        return row
    }

    func drain() -> [JSONValue] {
        defer { rows = []; head = 0 }
        return head == 0 ? rows : Array(rows[head...])
    }
}

/// The first error a stage met while rows ran; sinks return false (no more rows) after it.
final class StageFailure {
    var error: Diagnostic?
}

final class FilterSink: RowSink {
    let predicate: RowPredicate
    let next: any RowSink
    let failure: StageFailure
    init(_ predicate: RowPredicate, _ next: any RowSink, failure: StageFailure) {
        self.predicate = predicate
        self.next = next
        self.failure = failure
    }

    func accept(_ row: JSONValue) -> Bool {
        do {
            return try predicate.evaluate(row) ? next.accept(row) : true
        } catch {
            failure.error = error
            return false
        }
    }

    func finish() { next.finish() }
}

final class SelectSink: RowSink {
    let columns: [LocalColumn]
    let next: any RowSink
    init(_ columns: [LocalColumn], _ next: any RowSink) { self.columns = columns; self.next = next }
    func accept(_ row: JSONValue) -> Bool { next.accept(.object(Self.project(row, columns))) }
    func finish() { next.finish() }

    static func project(_ row: JSONValue, _ columns: [LocalColumn]) -> JSONObject {
        var out = JSONObject()
        for c in columns { out[c.name] = row.value(at: c.path) }
        return out
    }
}

/// `flatten F`: one row per element of the array F, the parent's other fields first and the
/// element's fields after them; an element's field whose name the parent has is renamed by
/// `NameClash` (`F_name`), so neither is lost. An element that is not an object keeps the name
/// F. A row whose F is empty, null or not an array yields nothing.
final class FlattenSink: RowSink {
    let path: [String]
    let next: any RowSink
    let notes: StageNotes?
    init(_ path: [String], _ next: any RowSink, notes: StageNotes? = nil) { self.path = path; self.next = next; self.notes = notes }

    func accept(_ row: JSONValue) -> Bool {
        guard case .array(let items) = row.value(at: path), case .object(let parent) = row else { return true }
        let base = Self.removing(path[...], from: parent)
        let origin = path.last ?? ""
        for item in items {
            var merged: JSONObject
            if case .object(let child) = item {
                merged = NameClash.merge(child, into: base, origin: origin, notes: notes)
            } else {
                merged = base
                merged[path.last ?? ""] = item
            }
            if !next.accept(.object(merged)) { return false }
        }
        return true
    }

    func finish() { next.finish() }

    static func removing(_ path: ArraySlice<String>, from object: JSONObject) -> JSONObject {
        guard let key = path.first else { return object }
        var copy = object
        if path.count == 1 {
            copy[key] = nil
        } else if case .object(let inner) = object[key] {
            copy[key] = .object(removing(path.dropFirst(), from: inner))
        }
        return copy
    }
}

final class LimitSink: RowSink {
    let limit: Int
    var passed = 0
    let next: any RowSink
    init(_ limit: Int, _ next: any RowSink) { self.limit = limit; self.next = next }

    func accept(_ row: JSONValue) -> Bool {
        guard passed < limit else { return false }
        passed += 1
        let more = next.accept(row)
        return more && passed < limit
    }

    func finish() { next.finish() }
}

/// Stable, multi-key; nulls (and missing fields) last in either direction.
final class SortSink: RowSink {
    let keys: [LocalSortKey]
    var rows: [(keys: [RowValue], row: JSONValue)] = []
    let next: any RowSink
    init(_ keys: [LocalSortKey], _ next: any RowSink) { self.keys = keys; self.next = next }

    func accept(_ row: JSONValue) -> Bool {
        rows.append((keys.map { RowValue(row.value(at: $0.path)) }, row))
        return true
    }

    func finish() {
        let descending = keys.map(\.descending)
        let order = rows.indices.sorted { i, j in
            let a = rows[i].keys, b = rows[j].keys
            for k in 0..<a.count {
                let c = Self.compare(a[k], b[k], descending: descending[k])
                if c != 0 { return c < 0 }
            }
            return i < j
        }
        for i in order where !next.accept(rows[i].row) { break }
        rows = []
        next.finish()
    }

    static func compare(_ a: RowValue, _ b: RowValue, descending: Bool) -> Int {
        switch (a.isNull, b.isNull) {
        case (true, true): return 0
        case (true, false): return 1
        case (false, true): return -1
        case (false, false):
            let o = RowValue.totalOrder(a, b)
            return descending ? -o : o
        }
    }
}

/// Streams: the first row of each key (the listed fields, or the whole row) is passed on whole.
final class DistinctSink: RowSink {
    let paths: [[String]]
    var seen = Set<[JSONValue]>()
    let next: any RowSink
    init(_ paths: [[String]], _ next: any RowSink) { self.paths = paths; self.next = next }

    func accept(_ row: JSONValue) -> Bool {
        let key = paths.isEmpty ? [row] : paths.map { row.value(at: $0) }
        return seen.insert(key).inserted ? next.accept(row) : true
    }

    func finish() { next.finish() }
}

final class CountSink: RowSink {
    var count = 0
    let next: any RowSink
    init(_ next: any RowSink) { self.next = next }
    func accept(_ row: JSONValue) -> Bool { count += 1; return true }
    func finish() {
        _ = next.accept(["count": .int(count)])
        next.finish()
    }
}

final class GroupSink: RowSink {
    let keys: [LocalColumn]
    let aggregates: [LocalAggregate]
    var index: [[JSONValue]: Int] = [:]
    var groups: [(key: [JSONValue], accumulators: [Accumulator])] = []
    let next: any RowSink

    let notes: StageNotes?

    init(_ keys: [LocalColumn], _ aggregates: [LocalAggregate], _ next: any RowSink, notes: StageNotes? = nil) {
        self.keys = keys
        self.aggregates = aggregates
        self.next = next
        self.notes = notes
    }

    func accept(_ row: JSONValue) -> Bool {
        let key = keys.map { row.value(at: $0.path) }
        let g: Int
        if let i = index[key] {
            g = i
        } else {
            g = groups.count
            index[key] = g
            groups.append((key, aggregates.map { Accumulator($0.function) }))
        }
        for (a, aggregate) in aggregates.enumerated() {
            groups[g].accumulators[a].add(aggregate.path.map { row.value(at: $0) })
        }
        return true
    }

    func finish() {
        // Values a sum or avg left out (text among numbers) are said, not dropped in silence.
        for (a, aggregate) in aggregates.enumerated() {
            let skipped = groups.reduce(0) { $0 + $1.accumulators[a].skipped }
            guard skipped > 0, let example = groups.lazy.compactMap({ $0.accumulators[a].skippedExample }).first else { continue }
            let written = "\(aggregate.function.rawValue)(\(aggregate.path?.joined(separator: ".") ?? ""))"
            notes?.noteSkipped(aggregate: written, count: skipped, example: example.jsonText())
        }
        for group in groups {
            var out = JSONObject()
            for (c, v) in zip(keys, group.key) { out[c.name] = v }
            for (a, acc) in zip(aggregates, group.accumulators) { out[a.name] = acc.result }
            if !next.accept(.object(out)) { break }
        }
        groups = []
        index = [:]
        next.finish()
    }
}
