/// What a statement costs and does before anything is sent: the requests, where each predicate
/// went, and what runs locally. Built by the planner, printed by `explain`, run by the executor.
public struct Plan: Sendable {
    public enum Source: Sendable, Hashable {
        /// API requests; independent of each other, so they may run in parallel.
        case api(requests: [PlannedRequest], shape: RowShape)
        /// Rows from a JSON array, NDJSON, CSV or TSV file.
        case file(path: String, format: FileFormat = .json)
        /// Rows from standard input.
        case stdin(format: FileFormat = .json)
        /// A contradiction: nothing to fetch.
        case empty
    }

    public var source: Source
    /// Paths whose values identify a row, when batches can return the same row twice
    /// (e.g. prices by supplier and by NOBB number). The executor drops repeats.
    public var dedupKey: [[String]]?
    /// Stop fetching once this many rows have come from the source; nil when a later
    /// stage needs every row (sort, group, distinct, count) or there is no limit.
    public var fetchLimit: Int?
    /// How each predicate was placed, in statement order (for explain).
    public var predicates: [PlacedPredicate]
    public var cost: PlanCost
    public var warnings: [String]
    /// The stages that run on the rows: re-checks of prefilter predicates, local predicates and
    /// every later stage.
    public var local: LocalPipeline = LocalPipeline()
    /// How the statement's `limit` is honoured (nil without a limit).
    public var limit: LimitPlacement?
    /// The calls against each rate-limit window that paces them, when the windows are known.
    public var quota: [QuotaUse] = []
    /// The statement text, for explain.
    public var statement: String = ""
    /// The joins, in statement order; `local` runs before the first.
    public var joins: [PlannedJoin] = []
    /// Fields named on the rows of a file or stdin, to warn about those no row has.
    public var sourceFieldUses: [SourceFieldUse] = []
    /// Suppliers, NOBB numbers or GTINs asked for by value: those that bring no row are named.
    public var askedKeys: [AskedKeys] = []

    public init(source: Source, dedupKey: [[String]]? = nil, fetchLimit: Int? = nil,
                predicates: [PlacedPredicate] = [], cost: PlanCost, warnings: [String] = []) {
        self.source = source
        self.dedupKey = dedupKey
        self.fetchLimit = fetchLimit
        self.predicates = predicates
        self.cost = cost
        self.warnings = warnings
    }

    /// Column order for renderers (select-list order), nil when rows keep their own fields.
    public var columns: [String]? { joins.last.map(\.after.columns) ?? local.columns }

    /// How messages name the source: `file 'items.csv'`, `stdin`, `the API`.
    public var sourceName: String {
        switch source {
        case .file(let path, _): "file '\(path)'"
        case .stdin: "stdin"
        case .api, .empty: "the API"
        }
    }

    public var requests: [PlannedRequest] {
        if case .api(let requests, _) = source { return requests }
        return []
    }
}

/// Where a predicate was placed.
public struct PlacedPredicate: Sendable, Hashable {
    public enum Placement: String, Sendable, Hashable {
        /// An API parameter filters exactly as the predicate does.
        case exact
        /// An API parameter returns a superset; the predicate is re-checked locally.
        case prefilter
        /// Checked locally only.
        case local
    }
    public var text: String
    public var placement: Placement
    /// The parameter it became, e.g. `suppliers`, `from`; nil when local.
    public var parameter: String?

    public init(text: String, placement: Placement, parameter: String? = nil) {
        self.text = text
        self.placement = placement
        self.parameter = parameter
    }
}

/// Calls a plan needs: at least `min`, at most `max` (nil = unbounded, until a short page).
public struct PlanCost: Sendable, Hashable {
    public var min: Int
    public var max: Int?
    /// A better guess where earlier pages of the same requests (or the cache) tell more.
    public var estimate: Int?

    public init(min: Int, max: Int?, estimate: Int? = nil) {
        self.min = min
        self.max = max
        self.estimate = estimate
    }

    public static let zero = PlanCost(min: 0, max: 0)
}
