// Lists from queries: `let items = get … | select nobb` and `in (get … | select nobb)` run the
// query first; its one column's values then stand as a written list, which the planner batches.
extension StatementRunner {
    /// The values of the query's one column, in row order (nulls left out), and what it cost.
    /// `budget` is the `--max-calls` of the statement the list is part of.
    func values(of query: AnalyzedQuery, source: SourceText, settings: ShellSettings,
                budget: CallBudget) async throws -> (values: [JSONValue], stats: ExecutionStats) {
        let plan = try Planner(bindings: parameterValues, clock: StatementClock(), quota: quota()).plan(query, in: source)
        let session = !plan.requests.isEmpty || plan.joinsCallAPI ? try await apiSession() : nil
        let executor = Executor(session: session, options: settings.executionOptions, budget: budget)
        let execution = try executor.run(plan)
        let joins = plan.joins.isEmpty ? nil : JoinRunner(executor: executor, clock: StatementClock())
        let values = try await execution.withRows { rows in
            var values: [JSONValue] = []
            for try await row in plan.rows(from: rows, runner: joins) {
                guard let object = row.objectValue else { continue }
                let value = plan.columns?.first.map { object[$0] ?? .null } ?? object.values.first ?? .null
                if value != .null { values.append(value) }
            }
            return values
        }
        var stats = execution.stats
        if let joined = joins?.stats { stats.add(joined) }
        guard stats.complete else {
            throw ExecutionError.source("the list's query stopped early (\(stats.partialReason ?? "partial")); a partial list would give a partial answer")
        }
        return (values, stats)
    }

    /// The query with each `in (get …)` replaced by the list of its values; `explainOnly` runs
    /// only subqueries that make no call. Notes say how many values each gave.
    func resolvingSubqueries(_ analyzed: AnalyzedQuery, source: SourceText, settings: ShellSettings, explainOnly: Bool,
                             budget: CallBudget) async throws -> (query: AnalyzedQuery, stats: ExecutionStats, notes: [String]) {
        var stats = ExecutionStats()
        stats.complete = true
        var notes: [String] = []
        func resolve(_ predicate: Predicate) async throws -> Predicate {
            switch predicate {
            case .membership(let field, let negated, .subquery(let inner, let span), let whole):
                if explainOnly {
                    let plan = try Planner(bindings: parameterValues, clock: StatementClock()).plan(analyzed.with(inner), in: source)
                    guard plan.requests.isEmpty, !plan.joinsCallAPI else {
                        throw Diagnostic.error(.plan, "explain cannot show this plan: its list comes from a query that calls the API",
                                               at: span, help: "bind the list first (let items = get …), then explain the statement")
                    }
                }
                let (values, cost) = try await values(of: analyzed.with(inner), source: source, settings: settings, budget: budget)
                stats.add(cost)
                let items = values.compactMap { Expr.literal($0, span: span) }
                let distinct = Set(values.compactMap { JoinRunner.key($0) }).count
                notes.append("list \(source.slice(span)): \(items.count) values, \(distinct) distinct (\(cost.calls) calls)")
                guard !items.isEmpty else {
                    throw Diagnostic.error(.runtime, "the list's query gave no values", at: span, help: "an empty list matches nothing")
                }
                return .membership(field, negated: negated, .list(items, span: span), span: whole)
            case .and(let l, let r): return .and(try await resolve(l), try await resolve(r))
            case .or(let l, let r): return .or(try await resolve(l), try await resolve(r))
            case .not(let inner, let span): return .not(try await resolve(inner), span: span)
            default: return predicate
            }
        }
        var resolved = analyzed.query
        for (i, stage) in analyzed.query.stages.enumerated() {
            if case .filter(let predicate, let span) = stage {
                resolved.stages[i] = .filter(try await resolve(predicate), span: span)
            }
        }
        return (analyzed.with(resolved), stats, notes)
    }
}
