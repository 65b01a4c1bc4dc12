/// Turns a statement's values into JSON values: literals as written, `$NAME` from the bindings
/// (`let` and `--param`), and `today`/`now` from the statement's clock. Dates come out as
/// `yyyy-MM-dd` strings and instants as ISO-8601 `…Z` strings, the way the API writes them.
/// The planner and the local pipeline both use this one evaluator.
public struct ValueEvaluator: Sendable {
    public var bindings: [String: Expr]
    public var clock: StatementClock

    /// Deepest chain of parameters bound to parameters.
    static let maxDepth = 16

    public init(bindings: [String: Expr] = [:], clock: StatementClock = StatementClock()) {
        self.bindings = bindings
        self.clock = clock
    }

    public func evaluate(_ expr: Expr) throws(Diagnostic) -> JSONValue {
        try evaluate(expr, depth: 0, reportAt: nil)
    }

    /// The value as a date or instant, or nil when it is not one (a number, a plain string).
    public func temporal(_ expr: Expr) throws(Diagnostic) -> TemporalValue? {
        guard case .string(let s) = try evaluate(expr) else { return nil }
        return TemporalValue.parse(s)
    }

    /// `reportAt`: inside a bound parameter, errors point at the `$NAME` that used it, since the
    /// binding's own spans belong to other text.
    private func evaluate(_ expr: Expr, depth: Int, reportAt: SourceSpan?) throws(Diagnostic) -> JSONValue {
        switch expr {
        case .integer(let v, _):
            return .int(v)
        case .decimal(let text, _):
            return .number(JSONNumber(text: text))
        case .string(let s, _):
            return .string(s)
        case .date(let y, let m, let d, let span):
            guard let value = TemporalValue(year: y, month: m, day: d) else {
                throw .error(.plan, "not a date: \(Self.dateText(y, m, d))", at: reportAt ?? span,
                             help: "dates are written yyyy-MM-dd with a real month and day")
            }
            return .string(value.description)
        case .timestamp(let text, let span):
            guard let value = TemporalValue.parse(text), !value.isDate else {
                throw .error(.plan, "not a timestamp: \(text)", at: reportAt ?? span,
                             help: "timestamps are written yyyy-MM-ddTHH:mm:ss[.fff]Z")
            }
            return .string(value.description)
        case .relative(let anchor, let offsets, let span):
            return .string(try relative(anchor, offsets, span: reportAt ?? span).description)
        case .bool(let b, _):
            return .bool(b)
        case .null:
            return .null
        case .list(let items, _):
            var out: [JSONValue] = []
            out.reserveCapacity(items.count)
            for item in items { out.append(try evaluate(item, depth: depth, reportAt: reportAt)) }
            return .array(out)
        case .parameter(let name, let span):
            guard let bound = bindings[name] else {
                throw .error(.unknownName, "unknown parameter $\(name)", at: reportAt ?? span,
                             help: "bind it with `let \(name) = …` or `--param \(name)=…`")
            }
            guard depth < Self.maxDepth else {
                throw .error(.plan, "parameter $\(name) refers to itself", at: reportAt ?? span)
            }
            return try evaluate(bound, depth: depth + 1, reportAt: reportAt ?? span)
        case .subquery(_, let span):
            // The runner replaces each subquery by its values before planning.
            throw .error(.plan, "this query's values are not known yet", at: reportAt ?? span)
        }
    }

    /// `today ± N(d|w|m|y)` is a date; `now ± N(h|d|w|m|y)` an instant. Offsets apply in order,
    /// months and years by the calendar (Jan 31 + 1m = the last day of February).
    func relative(_ anchor: Expr.Anchor, _ offsets: [Expr.Offset], span: SourceSpan) throws(Diagnostic) -> TemporalValue {
        var value = anchor == .today ? clock.today : clock.now
        for offset in offsets {
            switch offset.unit {
            case .hour:
                guard anchor == .now else {
                    throw .error(.plan, "today is a date; hours need `now`", at: span, help: "write `now - \(abs(offset.amount))h`")
                }
                value = value.adding(seconds: offset.amount * 3600)
            case .day: value = value.adding(days: offset.amount)
            case .week: value = value.adding(days: offset.amount * 7)
            case .month: value = value.adding(months: offset.amount)
            case .year: value = value.adding(months: offset.amount * 12)
            }
        }
        return value
    }

    static func dateText(_ y: Int, _ m: Int, _ d: Int) -> String {
        TemporalValue.pad(y, 4) + "-" + TemporalValue.pad(m, 2) + "-" + TemporalValue.pad(d, 2)
    }
}
