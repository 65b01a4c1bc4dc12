import Foundation
import Synchronization

extension StatementRunner {
    /// A query or `explain`, already analyzed without errors: plan, then print the plan or run
    /// it and render its rows.
    func run(_ written: AnalyzedQuery, explainOnly: Bool, in source: SourceText, settings: ShellSettings,
             output: ShellOutput) async -> StatementOutcome {
        // One `--max-calls` budget for all the statement runs: its lists, its requests, its joins.
        let budget = CallBudget(limit: settings.maxCalls)
        let started = ContinuousClock.now
        // Lists from queries run first and stand as written lists.
        let lists: (query: AnalyzedQuery, stats: ExecutionStats, notes: [String])
        do {
            lists = try await resolvingSubqueries(written, source: source, settings: settings, explainOnly: explainOnly,
                                                  budget: budget)
        } catch {
            return outcome(of: error, at: written.query.span)
        }
        let query = lists.query.query
        let (quota, pagesSeen) = state.withLock { ($0.quota, $0.pagesSeen) }
        let planner = Planner(bindings: parameterValues, clock: StatementClock(), quota: quota, pagesSeen: pagesSeen,
                              versions: settings.apiVersions)
        let plan: Plan
        do {
            plan = try planner.plan(lists.query, in: source)
        } catch {
            return StatementOutcome(status: .refused, diagnostics: error.diagnostics)
        }
        let sink = output
        if explainOnly {
            if settings.effectiveFormat == .json {
                let json = plan.explainJSON()
                sink.write((settings.effectivePretty ? json.prettyJSONText() : json.jsonText()) + "\n")
            } else {
                for note in lists.notes { sink.write(note + "\n") }
                sink.write(plan.explainText())
                if let keys = await JoinRunner.explainKeys(of: plan, clock: planner.clock) { sink.write(keys) }
            }
            try? sink.flush()
            return .ok
        }
        if settings.explain { FileOutput.standardError.write(plan.explainText()) }

        var session: APISession?
        if !plan.requests.isEmpty || plan.joinsCallAPI {
            do {
                session = try await apiSession()
            } catch let error as ShellError {
                // The profile's secret command failed: its own words and status.
                return outcome(of: error, at: query.span)
            } catch {
                return StatementOutcome(status: .failed, diagnostics: [
                    .error(.runtime, "cannot reach the target: \(error)", at: query.span),
                ])
            }
        }
        let terminal = output.destination == nil
            ? TerminalCapabilities.detect(fileDescriptor: STDOUT_FILENO)
            : TerminalCapabilities.resolve(isTerminal: false, windowWidth: nil, environment: [:])
        let renderOptions = settings.renderOptions(for: terminal)
        // Rows streaming onto the same terminal would be torn by the line; held ones are not.
        let progress = isatty(STDERR_FILENO) == 1 && !(terminal.isTerminal && renderOptions.format.streams) ? ProgressLine() : nil
        // Erased on every way out, a refused plan included.
        defer { progress?.clear() }
        var observer: (@Sendable (ExecutionProgress) -> Void)?
        if let progress { observer = { progress.show($0) } }
        if let use = QuotaNotice.tightest(of: plan.quota), let line = QuotaNotice.line(for: use) {
            FileOutput.standardError.write(line)
            if settings.confirm, settings.isInteractive, settings.stdinIsTerminal, QuotaNotice.asks(for: use),
               !(await QuotaNotice.confirm()) {
                return StatementOutcome(status: .refused, notes: ["not run"])
            }
        }
        // Long waits are said on stderr whether or not it is a terminal (above the progress line).
        let notices: @Sendable (String) -> Void = { note in
            if let progress { progress.note(note) } else { FileOutput.standardError.write("note: \(note)\n") }
        }
        let executor = Executor(session: session, options: settings.executionOptions, observer: observer,
                                notices: notices, budget: budget)
        let execution: Execution
        do throws(ExecutionError) {
            execution = try executor.run(plan)
        } catch {
            if case .budgetRefused = error { FileOutput.standardError.write(plan.explainText()) }
            return outcome(of: error, at: query.span)
        }

        // A summary (count, group by, distinct, sort) of partial rows is not the answer, and a
        // statement that fails writes nothing for itself: every format but ndjson's rows holds
        // its text until the statement has ended.
        let summarises = plan.summarises
        let holds = renderOptions.format != .ndjson || summarises
        let rowsOut = ShellTextOutput(output, holding: holds, held: settings.heldText)
        // A table taller than the terminal goes through the pager.
        let paged = settings.pager && terminal.isTerminal && !renderOptions.format.streams
            ? Pager.fromEnvironment().flatMap { pager in
                Pager.screenHeight().map { PagedOutput(pager: pager, screenHeight: $0, destination: rowsOut) }
            }
            : nil
        let rendered: any TextOutput = paged.map { $0 as any TextOutput } ?? rowsOut
        var renderer = renderOptions.format.makeRenderer(options: renderOptions, output: rendered, notes: FileOutput.standardError)
        renderer.begin(columns: plan.columns)
        var rowCount = 0
        var failure: (any Error)?
        // Suppliers in the API's rows (before local stages reshape them), for completion.
        let seen = SupplierSightings()
        let fromAPI = !plan.requests.isEmpty
        let keys = KeyTally(plan.askedKeys)
        let fields = FieldSightings()
        // A reader that builds only the statement's fields reports the names it met instead.
        let checkFields = !plan.sourceFieldUses.isEmpty && !execution.buildsSomeFields
        // Fields the schema does not know, named on API rows: the first row must have them.
        let unchecked = Mutex(fromAPI ? written.deferredFields : [])
        let joins = plan.joins.isEmpty ? nil : JoinRunner(executor: executor, clock: planner.clock)
        do {
            try await execution.withRows { rows in
                let noted = rows.map { row throws -> JSONValue in
                    if fromAPI {
                        seen.note(row)
                        keys.note(row)
                        let missing = unchecked.withLock { deferred in
                            defer { deferred = [] }
                            return deferred.filter { !$0.isPresent(in: row) }
                        }
                        if !missing.isEmpty { throw DiagnosticList(missing.map { $0.diagnostic(for: row) }) }
                    }
                    if checkFields { fields.note(row) }
                    return row
                }
                for try await row in plan.rows(from: noted, runner: joins) {
                    renderer.write(row)
                    rowCount += 1
                    // A closed pipe or a full disk: stop reading, which stops the calls.
                    if output.failure != nil || rowsOut.failure != nil { break }
                }
            }
        } catch {
            failure = error
        }
        progress?.clear()
        var stats = execution.stats
        if let joined = joins?.stats { stats.add(joined) }
        stats.add(lists.stats)
        // The statement's time, its lists' and joins' fetches included (not the source's run alone).
        stats.elapsedSeconds = max(stats.elapsedSeconds, (ContinuousClock.now - started).seconds)
        state.withLock {
            $0.suppliers.formUnion(seen.numbers)
            $0.pagesSeen.merge(stats.pagesByRequest) { _, new in new }
            $0.rowsSeen.merge(stats.rowsByRequest) { _, new in new }
        }
        let interrupted = Task.isCancelled || failure is CancellationError
        let complete = failure == nil && stats.complete && !interrupted
        let note = interrupted ? "interrupted" : stats.partialReason
        let forPeople = renderOptions.format == .table || renderOptions.format == .expanded
        if failure != nil, !interrupted {
            // ndjson rows already streamed stay (the exit status tells); held text goes.
            if holds { rowsOut.discard() }
        } else if !complete, summarises, !forPeople {
            // Machine formats get no summary of partial rows; the exit status says partial.
            rowsOut.discard()
        } else {
            if !complete, summarises {
                let total = Self.rowsExpected(of: plan, seen: state.withLock { $0.rowsSeen })
                rendered.write(Self.partialSummaryLine(rowsRead: stats.rows, aboutTotal: total, plan: plan) + "\n")
            }
            // The reason is in the one note on stderr.
            renderer.finish(ResultFooter(rowCount: rowCount, complete: complete))
            try? paged?.flush()
        }
        try? rowsOut.flush()
        if let session { await remember(session.quota) }

        let rowsRead = stats.rows
        stats.rows = rowCount
        stats.complete = complete
        if let lost = rowsOut.failure {
            // Held text that could not be kept is not written at all.
            stats.complete = false
            return StatementOutcome(status: .failed, diagnostics: [
                .error(.runtime, "cannot hold the output until the statement ends: \(lost)", at: query.span,
                       help: "make room in $TMPDIR (or point TMPDIR elsewhere), or use --format ndjson, which streams"),
            ], stats: stats)
        }
        if output.failure != nil {
            // The shell reports the failed write (or, for a closed pipe, ends quietly).
            stats.complete = false
            return StatementOutcome(status: .failed, partial: true, stats: stats)
        }
        let runNotes = stats.notes
        if interrupted {
            // The rows read, not the rows out: after `| count` one row is out whatever was read.
            var note = "interrupted after \(Self.grouped(rowsRead)) \(rowsRead == 1 ? "row" : "rows") read"
            if settings.cacheEnabled, fromAPI { note += "; " + Self.rerunCost(plan: plan, stats: stats) }
            return StatementOutcome(status: .interrupted, notes: runNotes + [note], partial: true, stats: stats)
        }
        if let failure {
            var result = outcome(of: failure, at: query.span)
            result.stats = stats
            result.partial = rowCount > 0
            result.notes = runNotes + result.notes
            return result
        }
        if !complete {
            return StatementOutcome(status: .partial, notes: runNotes + ["partial result: \(note ?? "stopped early")"], partial: true, stats: stats)
        }
        // Keys asked for by value that brought no row, once every request was read to its end.
        let unmatched = stats.readToEnd && !keys.isEmpty ? keys.notes() : []
        if !plan.sourceFieldUses.isEmpty, let met = await execution.sourceFieldSightings() {
            fields.note(names: met.names, rows: met.rows)
        }
        let fieldWarnings = fields.warnings(for: plan.sourceFieldUses, origin: plan.sourceName)
        return StatementOutcome(status: .ok, diagnostics: fieldWarnings, notes: runNotes + unmatched + plan.local.notes.lines,
                                partial: false, stats: stats)
    }

    /// The line above a summary of partial rows: `partial: 2,300 of about 3,391 rows read; this
    /// count is not the answer`, or without "of about" when the whole is not known (or the rows
    /// read already pass it: the data changed).
    static func partialSummaryLine(rowsRead: Int, aboutTotal: Int?, plan: Plan) -> String {
        let counts = plan.allStages.contains { if case .count = $0 { true } else { false } }
        let whole = aboutTotal.flatMap { $0 > rowsRead ? " of about \(grouped($0))" : nil } ?? ""
        return "partial: \(grouped(rowsRead))\(whole) rows read; \(counts ? "this count" : "this result") is not the answer"
    }

    /// The rows a plan's requests brought when each was last read to its end this session, or
    /// nil when one of them never was (the API tells no totals).
    static func rowsExpected(of plan: Plan, seen: [PlannedRequest: Int]) -> Int? {
        guard plan.joins.isEmpty, !plan.requests.isEmpty else { return nil }
        var total = 0
        for request in plan.requests {
            guard let rows = seen[request] else { return nil }
            total += rows
        }
        return total
    }

    /// `2300` as `2,300`.
    static func grouped(_ number: Int) -> String {
        var digits = String(number.magnitude)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        return (number < 0 ? "-" : "") + digits + grouped
    }

    /// What running the statement again costs: the pages answered so far come from the cache.
    static func rerunCost(plan: Plan, stats: ExecutionStats) -> String {
        let cached = stats.pages == 1 ? "1 page is cached" : "\(stats.pages) pages are cached"
        guard let total = plan.cost.estimate ?? plan.cost.max else { return cached + " for a rerun" }
        let needed = max(1, total - stats.pages)
        return "\(cached); a rerun needs about \(needed) more \(needed == 1 ? "call" : "calls")"
    }

    /// Errors as the shell reports them; run-time errors point at the statement they came from.
    func outcome(of error: any Error, at span: SourceSpan) -> StatementOutcome {
        if let error = error as? ExecutionError {
            var diagnostic = error.diagnostic
            if diagnostic.span == nil { diagnostic.span = span }
            return StatementOutcome(status: error.status, diagnostics: [diagnostic])
        }
        if let error = error as? ShellError {
            // About the configuration, not the statement: no span into it.
            return StatementOutcome(status: error.status, diagnostics: [error.diagnostic])
        }
        if let list = error as? DiagnosticList {
            // The statement's own mistakes (a list's query that does not plan, a field no row
            // has): refused, as when the analyzer finds them before any call.
            return StatementOutcome(status: .refused, diagnostics: list.diagnostics)
        }
        if var diagnostic = error as? Diagnostic {
            if diagnostic.span == nil { diagnostic.span = span }
            return StatementOutcome(status: .failed, diagnostics: [diagnostic])
        }
        return StatementOutcome(status: .failed, diagnostics: [.error(.runtime, String(describing: error), at: span)])
    }

    /// Keeps the windows as last seen, for the next plan's cost and `.quota`.
    private func remember(_ gate: QuotaGate) async {
        let snapshot = await gate.snapshot
        guard !snapshot.windows.isEmpty else { return }
        state.withLock { $0.quota = snapshot }
    }
}
