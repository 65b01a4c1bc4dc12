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

extension RowPredicate.Node {
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
