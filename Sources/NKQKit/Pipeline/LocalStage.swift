/// One stage of the local pipeline, compiled: paths resolved, values evaluated.
public enum LocalStage: Sendable {
    /// `where`, including re-checks of prefilter predicates.
    case filter(RowPredicate)
    /// Columns in select-list order; `select *` compiles to no stage.
    case select([LocalColumn])
    /// One row per element of the array at the path, merged with the parent's other fields.
    case flatten([String])
    case limit(Int)
    case sort([LocalSortKey])
    /// The first row of each combination of these fields' values; empty = of each whole row.
    case distinct([[String]])
    /// One row `{"count": n}`.
    case count
    /// One row per distinct key, in first-seen order: the key columns, then the aggregates.
    case group(keys: [LocalColumn], aggregates: [LocalAggregate])

    /// Whether the stage passes rows on as they arrive (a later limit can stop the source).
    public var streams: Bool {
        switch self {
        case .filter, .select, .flatten, .limit, .distinct: true
        case .sort, .count, .group: false
        }
    }
}

/// An output column: its name and where its value is read from.
public struct LocalColumn: Sendable, Hashable {
    public var name: String
    public var path: [String]

    public init(name: String, path: [String]) {
        self.name = name
        self.path = path
    }
}

public struct LocalSortKey: Sendable, Hashable {
    public var path: [String]
    public var descending: Bool

    public init(path: [String], descending: Bool) {
        self.path = path
        self.descending = descending
    }
}

public struct LocalAggregate: Sendable, Hashable {
    public var function: Aggregate.Function
    /// nil for `count()`.
    public var path: [String]?
    public var name: String

    public init(function: Aggregate.Function, path: [String]?, name: String) {
        self.function = function
        self.path = path
        self.name = name
    }
}
