/// Compiles a statement's stages into a `LocalPipeline`: field names as the analyzer resolved
/// them, values evaluated (so `today` is fixed when the statement starts), regexes compiled.
public struct PipelineBuilder: Sendable {
    public var evaluator: ValueEvaluator
    /// The paths the statement's field references name (`supplier` → `ownerParticipantNumber`).
    public var fields: ResolvedFields

    public init(evaluator: ValueEvaluator, fields: ResolvedFields) {
        self.evaluator = evaluator
        self.fields = fields
    }

    /// Compiles stages with the statement text each came from.
    public func pipeline(_ stages: [(stage: Stage, text: String)], notes: StageNotes = StageNotes()) throws(Diagnostic) -> LocalPipeline {
        var steps: [LocalPipeline.Step] = []
        for (stage, text) in stages {
            if let compiled = try self.stage(stage) {
                steps.append(LocalPipeline.Step(compiled, text: text))
            }
        }
        return LocalPipeline(steps: steps, notes: notes)
    }

    func stage(_ stage: Stage) throws(Diagnostic) -> LocalStage? {
        switch stage {
        case .filter(let p, _):
            return .filter(try predicate(p))
        case .select(let items, let all, _):
            if all { return nil }
            return .select(items.map { LocalColumn(name: $0.outputName, path: path($0.field)) })
        case .sort(let keys, _):
            return .sort(keys.map { LocalSortKey(path: path($0.field), descending: $0.descending) })
        case .limit(let n, let span):
            guard n >= 0 else { throw .error(.plan, "limit must be 0 or more", at: span) }
            return .limit(n)
        case .flatten(let field, _):
            return .flatten(path(field))
        case .distinct(let fields, _):
            return .distinct(fields.map(path))
        case .count:
            return .count
        case .group(let keys, let aggregates, _):
            return .group(keys: keys.map { LocalColumn(name: $0.description, path: path($0)) },
                          aggregates: aggregates.map { LocalAggregate(function: $0.function, path: $0.field.map(path), name: $0.outputName) })
        case .join(_, let span):
            // The planner cuts the pipeline at each join (`PlannedJoin`).
            throw .error(.plan, "a join runs between local pipelines, not in one", at: span)
        }
    }

    func path(_ field: FieldRef) -> [String] {
        fields.path(of: field)
    }

    public func predicate(_ predicate: Predicate) throws(Diagnostic) -> RowPredicate {
        RowPredicate(try node(predicate))
    }

    func node(_ predicate: Predicate) throws(Diagnostic) -> RowPredicate.Node {
        switch predicate {
        case .compare(let field, let op, let expr, _):
            return .compare(path(field), op, RowValue(try evaluator.evaluate(expr)))
        case .membership(let field, let negated, let expr, let span):
            guard case .array(let items) = try evaluator.evaluate(expr) else {
                throw .error(.type, "`in` needs a list, like (1, 2, 3)", at: expr.span.length > 0 ? expr.span : span)
            }
            return .membership(path(field), negated: negated, items.map(RowValue.init))
        case .contains(let field, let expr, _):
            guard case .string(let s) = try evaluator.evaluate(expr) else {
                throw .error(.type, "`contains` needs a text value", at: expr.span)
            }
            return .contains(path(field), s.lowercased())
        case .matches(let field, let expr, _):
            guard case .string(let pattern) = try evaluator.evaluate(expr) else {
                throw .error(.type, "`matches` needs a regular expression in quotes", at: expr.span)
            }
            do {
                return .matches(path(field), try CompiledRegex(pattern, span: expr.span))
            } catch {
                throw .error(.plan, "not a valid regular expression: \(pattern)", at: expr.span)
            }
        case .isNull(let field, let negated, _):
            return .isNull(path(field), negated: negated)
        case .and(let l, let r):
            return .and(try node(l), try node(r))
        case .or(let l, let r):
            return .or(try node(l), try node(r))
        case .not(let inner, _):
            return .not(try node(inner))
        }
    }
}
