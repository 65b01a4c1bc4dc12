/// Checks statements against the resource schema, tracking the rows' type through the
/// stages. It never stops at the first problem: every independent error is reported.
public struct Analyzer: Sendable {
    /// `$NAME` values from `let` and `--param`.
    public var bindings: [String: Expr]

    public init(bindings: [String: Expr] = [:]) {
        self.bindings = bindings
    }

    public func analyze(_ statement: Statement) -> Analysis {
        var run = AnalyzerRun(bindings: bindings)
        switch statement {
        case .query(let query), .explain(let query, _):
            run.analyze(query)
        case .assignment(let assignment):
            if let value = run.resolve(assignment.value) {
                run.checkListShape(value, at: assignment.value.span)
                run.analysis.binding = (assignment.name, value)
            }
        }
        run.analysis.diagnostics.sort { ($0.span?.start ?? 0) < ($1.span?.start ?? 0) }
        return run.analysis
    }

    /// A query ready to plan, or its errors.
    public func analyzed(_ query: Query) throws(DiagnosticList) -> AnalyzedQuery {
        let analysis = analyze(.query(query))
        guard !analysis.hasErrors else { throw DiagnosticList(analysis.errors) }
        return analysis.analyzed(query)
    }

    /// Analyzes statements in order, binding each `let` for the ones after it (the way a script
    /// or the REPL runs them). Returns one analysis per statement.
    public mutating func analyzeInOrder(_ statements: [Statement]) -> [Analysis] {
        statements.map { statement in
            let analysis = analyze(statement)
            if let binding = analysis.binding { bindings[binding.name] = binding.value }
            return analysis
        }
    }

    /// The rows' type after some stages of a query (for completion).
    public func rowType(of source: SourceRef, after stages: [Stage]) -> RowType {
        var run = AnalyzerRun(bindings: bindings)
        run.analyze(Query(source: source, stages: stages, span: source.span))
        return run.analysis.output ?? .open
    }
}

/// The state of one analysis: the diagnostics and the result being built.
struct AnalyzerRun {
    let bindings: [String: Expr]
    var analysis = Analysis()
    /// The keyword of the stage being checked, for messages.
    var currentStage: String?
    /// The stages so far hand on an API resource's rows as the API sent them: a field the
    /// schema does not know may still be in them (a newer version's), so naming one is checked
    /// against the first row instead of refused here.
    var onAPIRows = false
    /// The type of the API resource's rows, which `onAPIRows` refers to (a joined resource's
    /// rows are not the ones checked at run time).
    var apiRowType: RowType?
    /// False in a list's query, which runs before the statement: its fields must be known.
    var defersUnknownFields = true

    init(bindings: [String: Expr]) {
        self.bindings = bindings
    }

    mutating func error(_ kind: Diagnostic.Kind, _ message: String, at span: SourceSpan, help: String? = nil) {
        analysis.diagnostics.append(.error(kind, message, at: span, help: help))
    }

    /// `get stdin` or `join stdin` when stdin is the script itself: it has no rows to give.
    mutating func refuseStdinHoldingTheScript(_ source: SourceRef) {
        guard case .stdin = source.kind, StandardInputPeek.holdsScript else { return }
        error(.plan, "stdin holds the script, not rows to read", at: source.span,
              help: "pass the script with -f FILE or -c TEXT, and pipe the rows to stdin")
    }

    mutating func warning(_ kind: Diagnostic.Kind, _ message: String, at span: SourceSpan, help: String? = nil) {
        analysis.diagnostics.append(Diagnostic(.warning, kind: kind, message: message, span: span, help: help))
    }

    // MARK: Queries

    mutating func analyze(_ query: Query) {
        var row: RowType
        switch query.source.kind {
        case .resource(let name):
            if let resource = Schema.resource(named: name) {
                analysis.resource = resource
                row = RowType(resource)
            } else {
                let names = Schema.resources.map(\.name)
                error(.unknownName, "unknown source '\(name)'", at: query.source.span,
                      help: Suggestion.help(for: name, in: names + ["stdin", "file"])
                        ?? "sources: " + (names + ["file 'PATH'", "stdin"]).joined(separator: ", "))
                row = .open
            }
        case .file, .stdin:
            refuseStdinHoldingTheScript(query.source)
            let (resource, names) = query.source.fileSchema()
            if let named = query.source.namedResource, resource == nil {
                let names = FileFormat.names + Schema.resources.map(\.name)
                error(.unknownName, "unknown format or resource '\(named)'", at: query.source.readAsSpan ?? query.source.span,
                      help: Suggestion.help(for: named, in: names) ?? "write as " + names.joined(separator: ", as "))
            }
            analysis.resource = resource
            row = FileSchema.rowType(resource: resource, names: names)
        }
        analysis.rowTypes = [row]
        onAPIRows = defersUnknownFields && analysis.resource != nil
            && { if case .resource = query.source.kind { true } else { false } }()
        apiRowType = row
        for (i, stage) in query.stages.enumerated() {
            currentStage = stage.keyword
            row = analyze(stage, row: row, isRequestFilter: i == 0, source: query.source)
            analysis.rowTypes.append(row)
            switch stage {
            case .filter, .sort, .limit: break
            case .select, .group, .count, .flatten, .distinct, .join: onAPIRows = false  // its own rows from here on
            }
        }
    }

    // MARK: Fields

    /// The schema of a field reference, or nil after reporting why it cannot be used here.
    /// `asRequestInput` allows `inputOnly` fields (request inputs of the first `where`).
    mutating func field(_ ref: FieldRef, in row: RowType, asRequestInput: Bool = false) -> FieldSchema? {
        switch row.resolve(ref.path) {
        case .field(let field, let path):
            analysis.fields[ref] = ResolvedFields.Field(path: path, schema: field)
            if field.inputOnly && !asRequestInput {
                error(.plan, "'\(ref)' is a request input, not a field of the rows", at: ref.span,
                      help: "use it only as '\(ref) = VALUE' or '\(ref) in (…)' in the where right after the source, joined with 'and'")
                return nil
            }
            return field
        case .unknownButOpen(let path):
            let field = FieldSchema(path.last ?? ref.description, .any, nullable: true, "")
            analysis.fields[ref] = ResolvedFields.Field(path: path, schema: field)
            return field
        case .throughArray(let array):
            let name = array.joined(separator: ".")
            let rest = ref.path.dropFirst(array.count).joined(separator: ".")
            error(.type, "'\(ref)' goes through the array '\(name)'", at: ref.span,
                  help: "flatten it first: | flatten \(name) | … \(rest) …")
            return nil
        case .unknown:
            let diagnostic = unknown(ref, in: row)
            guard onAPIRows, row == apiRowType, diagnostic.kind == .unknownName else {
                analysis.diagnostics.append(diagnostic)
                return nil
            }
            analysis.deferredFields.append(DeferredField(path: ref.path, diagnostic: diagnostic))
            let field = FieldSchema(ref.path.last ?? ref.description, .any, nullable: true, "")
            analysis.fields[ref] = ResolvedFields.Field(path: ref.path, schema: field)
            return field
        }
    }

    /// Why `ref` cannot be named on `row`, with a did-you-mean where one is close.
    func unknown(_ ref: FieldRef, in row: RowType) -> Diagnostic {
        let name = ref.description
        if let stage = row.narrowedBy, let resource = analysis.resource,
           case .field = RowType(resource).resolve(ref.path) {
            let here = currentStage.map { "the '\($0)'" } ?? "this stage"
            let help = switch stage {
            case "count": "'count' leaves one row with the field 'count'"
            case "select": "add '\(name)' to the select, or move \(here) before it"
            default: "group by '\(name)' too, or move \(here) before the 'group by'"
            }
            return .error(.stageOrder, "'\(name)' is not in the rows after '\(stage)'", at: ref.span, help: help)
        }
        let candidates = row.paths.map(\.path)
        var help = Suggestion.help(for: name, in: candidates)
        if help == nil, let last = ref.path.last {
            // `value` on prices: the nested paths that end in the name.
            let ends = candidates.filter { $0.hasSuffix("." + last) }
            if !ends.isEmpty {
                help = "did you mean " + orList(ends.prefix(4).map { "'\($0)'" }) + "?"
            } else if let deep = Suggestion.closest(to: name, in: row.deepPaths) ?? row.deepPaths.first(where: { $0.hasSuffix("." + last) }) {
                let array = deep.split(separator: ".").first.map(String.init) ?? deep
                help = "'\(deep)' is inside the array '\(array)'; flatten it first: | flatten \(array)"
            }
        }
        if help == nil {
            // Nothing close: name what there is (top-level fields), so the next try can hit.
            let fields = candidates.filter { !$0.contains(".") }
            let shown = fields.prefix(8).map { "'\($0)'" }.joined(separator: ", ")
            let more = fields.count > 8 ? ", … (\(fields.count) in all)" : ""
            let listing = row.narrowedBy == nil ? analysis.resource.map { "; .fields \($0.name) lists them" } ?? "" : ""
            if !fields.isEmpty { help = "the rows here have \(shown)\(more)\(listing)" }
        }
        return .error(.unknownName, "unknown field '\(name)'", at: ref.span, help: help)
    }
}

/// "'a', 'b' or 'c'"
func orList(_ items: [String]) -> String {
    guard items.count > 1 else { return items.first ?? "" }
    return items.dropLast().joined(separator: ", ") + " or " + items[items.count - 1]
}
