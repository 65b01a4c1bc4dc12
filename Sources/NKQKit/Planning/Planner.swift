/// Turns a statement into the fewest API calls the API's rules allow (docs/planner.md).
///
/// Each top-level conjunct of the first `where` is placed: exact (an API parameter filters
/// exactly as it does), prefilter (a parameter returns a superset; the predicate is re-checked
/// locally) or local. Everything the API cannot do becomes the local pipeline. Statements the
/// API cannot answer, and values it would reject, are refused here, before any call.
public struct Planner: Sendable {
    public var evaluator: ValueEvaluator
    public var quota: QuotaSnapshot?
    /// Pages a request took when it last ran (from the executor or the cache); improves estimates.
    public var pagesSeen: [PlannedRequest: Int]
    /// The version called per API resource.
    public var versions: APIVersions

    /// Calls assumed for reading every contract when nothing better is known.
    public static let defaultUnfilteredCalls = 300
    /// Contracts assumed per supplier, for estimating supplier-filtered contract reads.
    static let contractsPerSupplierGuess = 2

    public init(bindings: [String: Expr] = [:], clock: StatementClock = StatementClock(),
                quota: QuotaSnapshot? = nil, pagesSeen: [PlannedRequest: Int] = [:], versions: APIVersions = APIVersions()) {
        self.evaluator = ValueEvaluator(bindings: bindings, clock: clock)
        self.quota = quota
        self.pagesSeen = pagesSeen
        self.versions = versions
    }

    public var clock: StatementClock { evaluator.clock }

    /// Plans an analyzed statement read from `source` (spans index it). Throws every problem found.
    public func plan(_ analyzed: AnalyzedQuery, in source: SourceText) throws(DiagnosticList) -> Plan {
        var diagnostics: [Diagnostic] = []
        var plan: Plan?
        do {
            plan = try build(analyzed, source: source, diagnostics: &diagnostics)
        } catch {
            diagnostics.append(error)
        }
        guard let plan, diagnostics.isEmpty else { throw DiagnosticList(diagnostics) }
        return plan
    }

    private func build(_ analyzed: AnalyzedQuery, source: SourceText, diagnostics: inout [Diagnostic]) throws(Diagnostic) -> Plan {
        let query = analyzed.query
        let fields = analyzed.fields
        // The first `where` stages (the one after the source and any right after it) are what
        // the API may answer; from the first other stage on, everything runs locally.
        var leading: [Predicate] = []
        var rest = query.stages[...]
        while case .filter(let p, _)? = rest.first {
            leading.append(p)
            rest = rest.dropFirst()
        }
        let parts = leading.flatMap(Self.conjuncts)

        var resource: ResourceSchema?
        var pushdown = Pushdown()
        switch query.source.kind {
        case .resource(let name):
            guard let schema = Schema.resource(named: name) else {
                throw .error(.unknownName, "unknown source '\(name)'", at: query.source.span,
                             help: "sources are " + Schema.resources.map(\.name).joined(separator: ", ") + ", file 'PATH' and stdin")
            }
            resource = schema
            pushdown = place(parts, resource: schema, fields: fields, source: source, diagnostics: &diagnostics)
            checkInputsOnlyInLeadingWhere(query, leadingCount: leading.count, fields: fields, diagnostics: &diagnostics)
        case .file, .stdin:
            pushdown.conjuncts = parts.map {
                let text = source.slice($0.span)
                return Pushdown.Conjunct(predicate: $0, text: text, kind: .local,
                                         placed: PlacedPredicate(text: text, placement: .local), recheck: true)
            }
        }

        // The local pipeline: one re-check of every conjunct not placed exactly, then the rest.
        var localStages: [(stage: Stage, text: String)] = []
        let recheck = pushdown.conjuncts.filter(\.recheck)
        if !recheck.isEmpty {
            let predicate = Predicate.all(recheck.map(\.predicate))
            localStages.append((.filter(predicate, span: predicate.span), "where " + recheck.map(\.text).joined(separator: " and ")))
        }
        for stage in rest {
            localStages.append((stage, source.slice(stage.span)))
        }
        // Joins cut the stages into pipelines: the one over the source's rows, then one after each join.
        var segments: [[(stage: Stage, text: String)]] = [[]]
        var clauses: [(clause: JoinClause, text: String)] = []
        for (stage, text) in localStages {
            if case .join(let clause, _) = stage {
                clauses.append((clause, text))
                segments.append([])
            } else {
                segments[segments.count - 1].append((stage, text))
            }
        }
        let notes = StageNotes()
        let builder = PipelineBuilder(evaluator: evaluator, fields: fields)
        let local = try builder.pipeline(segments[0], notes: notes)
        var joins: [PlannedJoin] = []
        for (i, (clause, text)) in clauses.enumerated() {
            joins.append(try plannedJoin(clause, text: text, fields: fields, after: try builder.pipeline(segments[i + 1], notes: notes)))
        }
        let limit = Self.limitPlacement(localStages.map(\.stage))

        var plan: Plan
        var contradiction: String?
        switch query.source.kind {
        case .file(let path):
            plan = Plan(source: .file(path: path, format: query.source.fileFormat), cost: .zero)
        case .stdin:
            plan = Plan(source: .stdin(format: query.source.fileFormat), cost: .zero)
        case .resource:
            guard let resource else { throw .error(.plan, "no resource", at: query.source.span) }
            if pushdown.contradiction {
                plan = Plan(source: .empty, cost: .zero)
                contradiction = contradictionWarning(pushdown)
            } else if limit == .fetch(0) {
                plan = Plan(source: .empty, cost: .zero)
                contradiction = "limit 0: nothing to fetch"
            } else {
                let (requests, shape) = try self.requests(for: resource, pushdown, query: query)
                plan = Plan(source: .api(requests: requests, shape: shape), cost: .zero)
                plan.askedKeys = Self.askedKeys(pushdown.keys, Self.keyFields(of: resource))
                if requests.count > 1, pushdown.keys.terms.count > 1 { plan.dedupKey = Self.identity(of: resource) }
            }
        }
        plan.predicates = pushdown.conjuncts.map(\.placed)
        for stage in rest {
            if case .filter(let p, _) = stage { plan.predicates.append(PlacedPredicate(text: source.slice(p.span), placement: .local)) }
        }
        plan.local = local
        plan.joins = joins
        if case .resource = query.source.kind {} else {
            plan.sourceFieldUses = Self.sourceFieldUses(query.stages, fields: fields)
        }
        plan.limit = limit
        if case .fetch(let n) = limit { plan.fetchLimit = n }
        plan.statement = source.slice(query.span)
        plan.cost = cost(of: plan)
        plan.warnings = (contradiction.map { [$0] } ?? []) + readWarnings(plan)
        if let quota, let endpoint = plan.requests.first?.resource {
            let calls = plan.cost.estimate ?? plan.cost.max ?? plan.cost.min
            plan.quota = QuotaUse.uses(of: quota, endpoint: endpoint, calls: calls, now: Double(clock.epochSeconds))
            for use in plan.quota where use.calls > use.remaining {
                plan.warnings.append("about \(use.calls) calls, but \(use.remaining) of \(use.limit) remain in \(use.window) "
                    + "(resets in \(use.resetsIn) s): the run will wait for the reset")
            }
        }
        return plan
    }

    /// Top-level `and`s split apart, in statement order.
    static func conjuncts(_ p: Predicate) -> [Predicate] {
        if case .and(let l, let r) = p { return conjuncts(l) + conjuncts(r) }
        return [p]
    }

    /// Which `limit` applies, and whether the fetch can stop at it.
    static func limitPlacement(_ stages: [Stage]) -> LimitPlacement? {
        var dropsOrMultiplies: String?
        var needsAll: String?
        for stage in stages {
            switch stage {
            case .limit(let n, _):
                if let needsAll { return .afterAllRows(n, after: needsAll) }
                if let dropsOrMultiplies { return .stopsStream(n, after: dropsOrMultiplies) }
                return .fetch(n)
            case .filter, .flatten, .distinct:
                dropsOrMultiplies = dropsOrMultiplies ?? stage.keyword
            case .sort, .group, .count, .join:
                needsAll = needsAll ?? stage.keyword
            case .select:
                break
            }
        }
        return nil
    }

    /// Fields that identify a row, for dropping repeats when batches overlap.
    static func identity(of resource: ResourceSchema) -> [[String]] {
        switch resource.name {
        case "contracts": [["contractId"]]
        case "conditions": [["contractId"], ["conditionId"]]
        case "prices": [["supplierParticipantNumber"], ["nobbNumber"]]
        case "zones": [["supplierParticipantNumber"]]
        default: [["participantNo"], ["gtin"]]
        }
    }

    func contradictionWarning(_ pushdown: Pushdown) -> String {
        let texts: [String]
        if pushdown.keys.isContradiction {
            texts = pushdown.keyTexts
        } else {
            texts = pushdown.conjuncts.compactMap { if case .dateBound = $0.kind { $0.text } else { nil } }
        }
        return "contradiction: no row can match " + texts.joined(separator: " and ") + "; no calls are made"
    }
}
