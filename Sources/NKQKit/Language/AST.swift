// The syntax tree of nkq's query language. Every node carries the span it was read from,
// so that analysis, planning and run-time errors can point back at the text.

/// One statement: `get …`, `explain …` or `let NAME = VALUE`.
public enum Statement: Sendable, Hashable {
    case query(Query)
    case explain(Query, span: SourceSpan)
    case assignment(Assignment)

    public var span: SourceSpan {
        switch self {
        case .query(let q): q.span
        case .explain(_, let span): span
        case .assignment(let a): a.span
        }
    }
}

/// `let NAME = VALUE`
public struct Assignment: Sendable, Hashable {
    public var name: String
    public var nameSpan: SourceSpan
    public var value: Expr
    public var span: SourceSpan

    public init(name: String, nameSpan: SourceSpan, value: Expr, span: SourceSpan) {
        self.name = name
        self.nameSpan = nameSpan
        self.value = value
        self.span = span
    }
}

/// `get SOURCE [where PREDICATE] { | STAGE }`. A `where` right after the source is kept as the
/// first stage, so the planner sees one list.
public struct Query: Sendable, Hashable {
    public var source: SourceRef
    public var stages: [Stage]
    public var span: SourceSpan

    public init(source: SourceRef, stages: [Stage], span: SourceSpan) {
        self.source = source
        self.stages = stages
        self.span = span
    }
}

public struct SourceRef: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A resource of the schema: contracts, conditions, prices, zones, orderprices.
        case resource(String)
        /// `file 'PATH'`: rows from a JSON array, NDJSON, CSV or TSV file.
        case file(String)
        /// `stdin`: the same from standard input.
        case stdin
    }

    public var kind: Kind
    public var span: SourceSpan
    /// `as NAME` after `file 'PATH'` or `stdin`: a format (`csv`, `tsv`, `json`) or a resource
    /// whose schema the rows take (`as contracts`).
    public var readAs: String?
    public var readAsSpan: SourceSpan?

    public init(kind: Kind, span: SourceSpan, readAs: String? = nil, readAsSpan: SourceSpan? = nil) {
        self.kind = kind
        self.span = span
        self.readAs = readAs
        self.readAsSpan = readAsSpan
    }

    /// How a file or stdin is read: as `as` says, else by the file's extension.
    public var fileFormat: FileFormat {
        if let readAs, let format = FileFormat(name: readAs) { return format }
        if case .file(let path) = kind { return FileFormat(path: path) }
        return .json
    }

    /// The resource named by `as`, when it names one rather than a format.
    public var namedResource: String? {
        guard let readAs, FileFormat(name: readAs) == nil else { return nil }
        return readAs
    }
}

/// A dotted field path as written (`purchasePrice.value`, `supplier`).
public struct FieldRef: Sendable, Hashable, CustomStringConvertible {
    public var path: [String]
    public var span: SourceSpan

    public init(path: [String], span: SourceSpan) {
        self.path = path
        self.span = span
    }

    public var description: String { path.joined(separator: ".") }
}

public enum Stage: Sendable, Hashable {
    case filter(Predicate, span: SourceSpan)
    /// `select *` is an empty item list with `all` set.
    case select(items: [SelectItem], all: Bool, span: SourceSpan)
    case sort([SortKey], span: SourceSpan)
    case limit(Int, span: SourceSpan)
    case flatten(FieldRef, span: SourceSpan)
    /// `distinct` with no fields compares whole rows.
    case distinct([FieldRef], span: SourceSpan)
    case count(span: SourceSpan)
    case group(by: [FieldRef], aggregates: [Aggregate], span: SourceSpan)
    /// `join SOURCE on LEFT = RIGHT`, `left join …`.
    case join(JoinClause, span: SourceSpan)

    public var span: SourceSpan {
        switch self {
        case .filter(_, let s), .select(_, _, let s), .sort(_, let s), .limit(_, let s), .flatten(_, let s),
             .distinct(_, let s), .count(let s), .group(_, _, let s), .join(_, let s):
            s
        }
    }

    /// The stage's keyword, for messages.
    public var keyword: String {
        switch self {
        case .filter: "where"
        case .select: "select"
        case .sort: "sort"
        case .limit: "limit"
        case .flatten: "flatten"
        case .distinct: "distinct"
        case .count: "count"
        case .group: "group by"
        case .join(let clause, _): clause.keepsUnmatched ? "left join" : "join"
        }
    }
}

/// `[left] join SOURCE on LEFT = RIGHT`: each row gets the fields of the source's rows whose
/// RIGHT equals its LEFT (one row per match); `left` keeps rows without a match.
public struct JoinClause: Sendable, Hashable {
    public var source: SourceRef
    /// A field of the rows in hand.
    public var left: FieldRef
    /// A field of the joined source's rows.
    public var right: FieldRef
    public var keepsUnmatched: Bool

    public init(source: SourceRef, left: FieldRef, right: FieldRef, keepsUnmatched: Bool) {
        self.source = source
        self.left = left
        self.right = right
        self.keepsUnmatched = keepsUnmatched
    }
}

/// `FIELD [as NAME]`
public struct SelectItem: Sendable, Hashable {
    public var field: FieldRef
    public var alias: String?
    public var span: SourceSpan

    public init(field: FieldRef, alias: String?, span: SourceSpan) {
        self.field = field
        self.alias = alias
        self.span = span
    }

    /// The column name in the output.
    public var outputName: String { alias ?? field.description }
}

/// `FIELD [asc|desc]`
public struct SortKey: Sendable, Hashable {
    public var field: FieldRef
    public var descending: Bool
    public var span: SourceSpan

    public init(field: FieldRef, descending: Bool, span: SourceSpan) {
        self.field = field
        self.descending = descending
        self.span = span
    }
}

/// `count() | sum(F) | avg(F) | min(F) | max(F) [as NAME]`
public struct Aggregate: Sendable, Hashable {
    public enum Function: String, Sendable, Hashable, CaseIterable {
        case count, sum, avg, min, max
    }

    public var function: Function
    /// nil for `count()`.
    public var field: FieldRef?
    public var alias: String?
    public var span: SourceSpan

    public init(function: Function, field: FieldRef?, alias: String?, span: SourceSpan) {
        self.function = function
        self.field = field
        self.alias = alias
        self.span = span
    }

    /// The column name in the output: the alias, else `count`, `sum_value`, ….
    public var outputName: String {
        if let alias { return alias }
        guard let field else { return function.rawValue }
        return function.rawValue + "_" + field.path.joined(separator: "_")
    }
}

public indirect enum Predicate: Sendable, Hashable {
    public enum Comparison: String, Sendable, Hashable, CaseIterable {
        case equal = "="
        case notEqual = "!="
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
    }

    case compare(FieldRef, Comparison, Expr, span: SourceSpan)
    /// `FIELD [not] in (…)`; the list may be a `$NAME` bound to a list.
    case membership(FieldRef, negated: Bool, Expr, span: SourceSpan)
    /// `FIELD contains 'text'` (case-insensitive).
    case contains(FieldRef, Expr, span: SourceSpan)
    /// `FIELD matches 'regex'`
    case matches(FieldRef, Expr, span: SourceSpan)
    /// `FIELD is [not] null`
    case isNull(FieldRef, negated: Bool, span: SourceSpan)
    case and(Predicate, Predicate)
    case or(Predicate, Predicate)
    case not(Predicate, span: SourceSpan)

    /// For `and`/`or`, from the first term's start to the last term's end: found by walking
    /// the two edges of the tree, not every term (a chain can hold thousands).
    public var span: SourceSpan {
        switch self {
        case .compare(_, _, _, let s), .membership(_, _, _, let s), .contains(_, _, let s), .matches(_, _, let s),
             .isNull(_, _, let s), .not(_, let s):
            return s
        case .and, .or:
            return edgeTerm(first: true).span.union(edgeTerm(first: false).span)
        }
    }

    /// The predicate of a parenthesized group, its first and last terms' spans widened to the
    /// parentheses, so that `span` (and the text explain shows) holds `( … )` whole rather than
    /// `a and b) or (c and d`.
    func grouped(in parentheses: SourceSpan) -> Predicate {
        widened(start: parentheses.start, end: parentheses.end)
    }

    private func widened(start: Int?, end: Int?) -> Predicate {
        func widen(_ s: SourceSpan) -> SourceSpan {
            SourceSpan(start: min(start ?? s.start, s.start), end: max(end ?? s.end, s.end))
        }
        switch self {
        case .and(let l, let r): return .and(l.widened(start: start, end: nil), r.widened(start: nil, end: end))
        case .or(let l, let r): return .or(l.widened(start: start, end: nil), r.widened(start: nil, end: end))
        case .compare(let f, let op, let v, let s): return .compare(f, op, v, span: widen(s))
        case .membership(let f, let negated, let v, let s): return .membership(f, negated: negated, v, span: widen(s))
        case .contains(let f, let v, let s): return .contains(f, v, span: widen(s))
        case .matches(let f, let v, let s): return .matches(f, v, span: widen(s))
        case .isNull(let f, let negated, let s): return .isNull(f, negated: negated, span: widen(s))
        case .not(let inner, let s): return .not(inner, span: widen(s))
        }
    }

    /// The first (or last) term under a tree of `and`s and `or`s.
    private func edgeTerm(first: Bool) -> Predicate {
        var term = self
        while true {
            switch term {
            case .and(let l, let r), .or(let l, let r): term = first ? l : r
            default: return term
            }
        }
    }

    /// `terms` joined by `and`, as a balanced tree (`a and b and c` is `(a and b) and c`), so
    /// that a chain of thousands of terms is only as deep as the log of its length for the
    /// stages that walk predicates recursively. `terms` must not be empty.
    public static func all(_ terms: some Collection<Predicate>) -> Predicate {
        joined(ArraySlice(terms), by: Predicate.and)
    }

    /// `terms` joined by `or`, balanced as `all` is.
    public static func any(_ terms: some Collection<Predicate>) -> Predicate {
        joined(ArraySlice(terms), by: Predicate.or)
    }

    private static func joined(_ terms: ArraySlice<Predicate>, by join: (Predicate, Predicate) -> Predicate) -> Predicate {
        guard terms.count > 1 else { return terms[terms.startIndex] }
        let middle = terms.startIndex + (terms.count + 1) / 2
        return join(joined(terms[..<middle], by: join), joined(terms[middle...], by: join))
    }
}

/// A value in a statement. `today`/`now` and `$NAME` are resolved when the statement runs,
/// so that a saved script means the same thing every day it runs.
public indirect enum Expr: Sendable, Hashable {
    public enum TimeUnit: String, Sendable, Hashable, CaseIterable {
        case hour = "h", day = "d", week = "w", month = "m", year = "y"
    }

    public enum Anchor: String, Sendable, Hashable {
        case today, now
    }

    /// `- 30d` in `today - 30d`: a signed amount of a unit.
    public struct Offset: Sendable, Hashable {
        public var amount: Int
        public var unit: TimeUnit

        public init(amount: Int, unit: TimeUnit) {
            self.amount = amount
            self.unit = unit
        }
    }

    case integer(Int, span: SourceSpan)
    /// Kept as written, so that precision is not lost.
    case decimal(String, span: SourceSpan)
    case string(String, span: SourceSpan)
    /// `2024-01-31`
    case date(year: Int, month: Int, day: Int, span: SourceSpan)
    /// `2024-01-31T10:00:00Z`, kept as written (normalised to UTC by the analyzer).
    case timestamp(String, span: SourceSpan)
    /// `today - 30d`, `now + 2h`: the anchor plus signed offsets.
    case relative(Anchor, offsets: [Offset], span: SourceSpan)
    case bool(Bool, span: SourceSpan)
    case null(span: SourceSpan)
    case list([Expr], span: SourceSpan)
    case parameter(String, span: SourceSpan)
    /// `(get file 'items.csv' | select nobb)` in place of a list, or after `let NAME =`: the
    /// values of the query's one column, run before the statement that uses them.
    case subquery(Query, span: SourceSpan)

    public var span: SourceSpan {
        switch self {
        case .integer(_, let s), .decimal(_, let s), .string(_, let s), .date(_, _, _, let s), .timestamp(_, let s),
             .relative(_, _, let s), .bool(_, let s), .null(let s), .list(_, let s), .parameter(_, let s), .subquery(_, let s):
            s
        }
    }
}
