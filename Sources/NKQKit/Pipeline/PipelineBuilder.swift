/// Compiles a statement's stages into a `LocalPipeline`: aliases resolved to the API's field
/// names, values evaluated (so `today` is fixed when the statement starts), regexes compiled.
public struct PipelineBuilder: Sendable {
    public var evaluator: ValueEvaluator
    /// The resource whose aliases apply (`supplier` → `ownerParticipantNumber`); nil for files.
    public var resource: ResourceSchema?

    public init(evaluator: ValueEvaluator, resource: ResourceSchema?) {
        self.evaluator = evaluator
        self.resource = resource
    }

    /// Compiles stages with the statement text each came from.
    public func pipeline(_ stages: [(stage: Stage, text: String)], notes: RenameNotes = RenameNotes()) throws(Diagnostic) -> LocalPipeline {
        try pipelineAndAliases(stages, notes: notes).pipeline
    }

    /// The pipeline, and the resource whose aliases still hold after it (nil once a stage
    /// reshaped the rows).
    func pipelineAndAliases(_ stages: [(stage: Stage, text: String)], notes: RenameNotes) throws(Diagnostic)
        -> (pipeline: LocalPipeline, resource: ResourceSchema?) {
        var steps: [LocalPipeline.Step] = []
        var resource = self.resource
        for (stage, text) in stages {
            if let compiled = try self.stage(stage, resource: resource) {
                steps.append(LocalPipeline.Step(compiled, text: text))
            }
            // After a stage that reshapes rows, names are the new columns: no aliases. A flatten
            // keeps the parent's fields, so their aliases still hold.
            switch stage {
            case .filter, .sort, .limit, .flatten, .distinct: break
            case .select(_, let all, _) where all: break
            default: resource = nil
            }
        }
        return (LocalPipeline(steps: steps, notes: notes), resource)
    }

    /// Compiles stages, taking their text from the statement.
    public func pipeline(_ stages: [Stage], in source: SourceText) throws(Diagnostic) -> LocalPipeline {
        try pipeline(stages.map { ($0, source.slice($0.span)) })
    }

    func stage(_ stage: Stage, resource: ResourceSchema?) throws(Diagnostic) -> LocalStage? {
        let builder = PipelineBuilder(evaluator: evaluator, resource: resource)
        switch stage {
        case .filter(let p, _):
            return .filter(try builder.predicate(p))
        case .select(let items, let all, _):
            if all { return nil }
            return .select(items.map { LocalColumn(name: $0.outputName, path: builder.path($0.field)) })
        case .sort(let keys, _):
            return .sort(keys.map { LocalSortKey(path: builder.path($0.field), descending: $0.descending) })
        case .limit(let n, let span):
            guard n >= 0 else { throw .error(.plan, "limit must be 0 or more", at: span) }
            return .limit(n)
        case .flatten(let field, _):
            return .flatten(builder.path(field))
        case .distinct(let fields, _):
            return .distinct(fields.map(builder.path))
        case .count:
            return .count
        case .group(let keys, let aggregates, _):
            return .group(keys: keys.map { LocalColumn(name: $0.description, path: builder.path($0)) },
                          aggregates: aggregates.map { LocalAggregate(function: $0.function, path: $0.field.map(builder.path), name: $0.outputName) })
        case .join(_, let span):
            // The planner cuts the pipeline at each join (`PlannedJoin`).
            throw .error(.plan, "a join runs between local pipelines, not in one", at: span)
        }
    }

    func path(_ field: FieldRef) -> [String] {
        resource?.resolve(field.path) ?? field.path
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
