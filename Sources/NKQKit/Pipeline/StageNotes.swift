import Synchronization

/// What the local stages of one statement have to say on stderr, once each: fields a flatten or
/// a join renamed (`NameClash`), and values a `sum` or `avg` left out because they are not
/// numbers (text in a spreadsheet's number column, such as `1 234,50`).
public final class StageNotes: Sendable {
    private struct State {
        var renames: [(origin: String, from: String, to: String)] = []
        /// Per aggregate column, in first-seen order: how many values were left out, and one.
        var skipped: [(aggregate: String, count: Int, example: String)] = []
    }

    private let state = Mutex(State())

    public init() {}

    func note(origin: String, from: String, to: String) {
        state.withLock { state in
            if !state.renames.contains(where: { $0.origin == origin && $0.from == from }) { state.renames.append((origin, from, to)) }
        }
    }

    /// `count` values of `aggregate` (`sum(pris)`) were not numbers; `example` is one of them.
    func noteSkipped(aggregate: String, count: Int, example: String) {
        guard count > 0 else { return }
        state.withLock { state in
            if let i = state.skipped.firstIndex(where: { $0.aggregate == aggregate }) {
                state.skipped[i].count += count
            } else {
                state.skipped.append((aggregate, count, example))
            }
        }
    }

    /// `fields of elements that the rows already had are renamed: name → elements_name, …`;
    /// `sum(pris) left out 2 values that are not numbers, such as '1 234,50'`.
    public var lines: [String] {
        let (renames, skipped) = state.withLock { ($0.renames, $0.skipped) }
        var origins: [String] = []
        for r in renames where !origins.contains(r.origin) { origins.append(r.origin) }
        let renamed = origins.map { origin in
            let pairs = renames.filter { $0.origin == origin }.map { "\($0.from) → \($0.to)" }
            return "fields of \(origin) that the rows already had are renamed: " + pairs.joined(separator: ", ")
        }
        return renamed + skipped.map { skip in
            "\(skip.aggregate) left out \(skip.count == 1 ? "1 value that is not a number" : "\(skip.count) values that are not numbers"), such as \(skip.example)"
        }
    }
}
