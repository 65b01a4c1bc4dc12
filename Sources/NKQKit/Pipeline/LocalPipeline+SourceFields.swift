extension LocalPipeline {
    /// The top-level fields of the source's rows that the stages read, when that is known: a
    /// reader may then build only these (and skip the values of the others). Nil when rows
    /// leave the pipeline whole (no `select`, `group by` or `count` reshapes them first), or a
    /// stage reads whole rows (`flatten`, `distinct` without fields).
    public var sourceFields: [String]? {
        var names: [String] = []
        func add(_ path: [String]?) {
            if let first = path?.first, !names.contains(first) { names.append(first) }
        }
        for stage in stages {
            switch stage {
            case .filter(let predicate): predicate.node.paths.forEach(add)
            case .sort(let keys): keys.forEach { add($0.path) }
            case .limit: break
            case .distinct(let paths):
                if paths.isEmpty { return nil }
                paths.forEach(add)
            case .flatten: return nil
            case .select(let columns):
                columns.forEach { add($0.path) }
                return names
            case .group(let keys, let aggregates):
                keys.forEach { add($0.path) }
                aggregates.forEach { add($0.path) }
                return names
            case .count:
                return names
            }
        }
        return nil
    }
}

extension LocalPipeline {
    /// The `where`s at the head of the pipeline, as one predicate, when a reader may apply it
    /// itself: on rows built with only its fields, before building the rows it keeps (in
    /// parallel, for NDJSON). Nil when the pipeline does not start with one, or when it matches
    /// a regular expression (whose work budget belongs to the pipeline's run).
    public var leadingFilter: RowPredicate? {
        var node: RowPredicate.Node?
        for stage in stages {
            guard case .filter(let predicate) = stage else { break }
            node = node.map { .and($0, predicate.node) } ?? predicate.node
        }
        guard let node, !node.matchesRegex else { return nil }
        return RowPredicate(node)
    }
}

extension RowPredicate {
    /// The top-level fields the predicate reads.
    var fields: [String] {
        var names: [String] = []
        for path in node.paths where !path.isEmpty && !names.contains(path[0]) { names.append(path[0]) }
        return names
    }
}

extension RowPredicate.Node {
    var matchesRegex: Bool {
        switch self {
        case .matches: true
        case .and(let l, let r), .or(let l, let r): l.matchesRegex || r.matchesRegex
        case .not(let inner): inner.matchesRegex
        case .compare, .membership, .contains, .isNull, .constant: false
        }
    }

    /// The paths the predicate reads.
    var paths: [[String]] {
        switch self {
        case .compare(let path, _, _), .membership(let path, _, _), .contains(let path, _), .matches(let path, _),
             .isNull(let path, _):
            [path]
        case .and(let l, let r), .or(let l, let r): l.paths + r.paths
        case .not(let inner): inner.paths
        case .constant: []
        }
    }
}
