import Foundation

extension StatementRunner {
    /// A query or `explain`, already analyzed without errors: plan, then print the plan or run
    /// it and render its rows.
    func run(_ query: Query, explainOnly: Bool, analysis: Analysis, in source: SourceText, settings: ShellSettings,
             output: ShellOutput) async -> StatementOutcome {
        let (quota, pagesSeen) = state.withLock { ($0.quota, $0.pagesSeen) }
        let planner = Planner(bindings: parameterValues, clock: StatementClock(), quota: quota, pagesSeen: pagesSeen)
        let plan: Plan
        do {
            plan = try planner.plan(query, in: source)
        } catch {
            return StatementOutcome(status: .refused, diagnostics: error.diagnostics)
        }
        let sink = ShellTextOutput(output)
        if explainOnly {
            if settings.effectiveFormat == .json {
                let json = plan.explainJSON()
                sink.write((settings.effectivePretty ? json.prettyJSONText() : json.jsonText()) + "\n")
            } else {
                sink.write(plan.explainText())
            }
            try? sink.flush()
            return .ok
        }
        if settings.explain { FileOutput.standardError.write(plan.explainText()) }

        var session: APISession?
        if !plan.requests.isEmpty {
            do {
                session = try await apiSession()
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
        if let use = plan.quota, let line = QuotaNotice.line(for: use) {
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
                                notices: notices)
        let execution: Execution
        do throws(ExecutionError) {
            execution = try executor.run(plan)
        } catch {
            if case .budgetRefused = error { FileOutput.standardError.write(plan.explainText()) }
            return outcome(of: error, at: query.span)
        }

        // A table taller than the terminal goes through the pager.
        let paged = settings.pager && terminal.isTerminal && !renderOptions.format.streams
            ? Pager.fromEnvironment().flatMap { pager in
                Pager.screenHeight().map { PagedOutput(pager: pager, screenHeight: $0, destination: sink) }
            }
            : nil
        var renderer = renderOptions.format.makeRenderer(options: renderOptions, output: paged.map { $0 as any TextOutput } ?? sink,
                                                         notes: FileOutput.standardError)
        renderer.begin(columns: plan.columns)
        var rowCount = 0
        var failure: (any Error)?
        // Suppliers in the API's rows (before local stages reshape them), for completion.
        let seen = SupplierSightings()
        let fromAPI = !plan.requests.isEmpty
        let keys = KeyTally(plan.askedKeys)
        let rows = execution.map { row -> JSONValue in
            if fromAPI {
                seen.note(row)
                keys.note(row)
            }
            return row
        }
        do {
            for try await row in plan.local.rows(from: rows) {
                renderer.write(row)
                rowCount += 1
            }
        } catch {
            failure = error
        }
        progress?.clear()
        var stats = execution.stats
        state.withLock {
            $0.suppliers.formUnion(seen.numbers)
            $0.pagesSeen.merge(stats.pagesByRequest) { _, new in new }
        }
        let interrupted = Task.isCancelled || failure is CancellationError
        let complete = failure == nil && stats.complete && !interrupted
        let note = interrupted ? "interrupted" : stats.partialReason
        renderer.finish(ResultFooter(rowCount: rowCount, complete: complete, note: complete ? nil : note))
        try? paged?.flush()
        try? sink.flush()
        if let session { await remember(session.quota) }

        stats.rows = rowCount
        stats.complete = complete
        if interrupted {
            var note = "interrupted: \(rowCount) rows in hand"
            if settings.cacheEnabled, fromAPI { note += "; " + Self.rerunCost(plan: plan, stats: stats) }
            return StatementOutcome(status: .interrupted, notes: [note], partial: true, stats: stats)
        }
        if let failure {
            var result = outcome(of: failure, at: query.span)
            result.stats = stats
            result.partial = rowCount > 0
            return result
        }
        if !complete {
            return StatementOutcome(status: .partial, notes: ["partial result: \(note ?? "stopped early")"], partial: true, stats: stats)
        }
        // Keys asked for by value that brought no row, once every request was read to its end.
        let unmatched = stats.readToEnd && !keys.isEmpty ? keys.notes() : []
        return StatementOutcome(status: .ok, notes: unmatched, partial: false, stats: stats)
    }

    /// What running the statement again costs: the pages answered so far come from the cache.
    static func rerunCost(plan: Plan, stats: ExecutionStats) -> String {
        let cached = stats.pages == 1 ? "1 page is cached" : "\(stats.pages) pages are cached"
        guard let total = plan.cost.estimate ?? plan.cost.max else { return cached + " for a rerun" }
        let needed = max(1, total - stats.pages)
        return "\(cached); a rerun needs about \(needed) more \(needed == 1 ? "call" : "calls")"
    }

    /// Errors as the shell reports them; run-time errors point at the statement they came from.
    private func outcome(of error: any Error, at span: SourceSpan) -> StatementOutcome {
        if let error = error as? ExecutionError {
            var diagnostic = error.diagnostic
            if diagnostic.span == nil { diagnostic.span = span }
            return StatementOutcome(status: error.status, diagnostics: [diagnostic])
        }
        if let list = error as? DiagnosticList {
            return StatementOutcome(status: .failed, diagnostics: list.diagnostics)
        }
        if var diagnostic = error as? Diagnostic {
            if diagnostic.span == nil { diagnostic.span = span }
            return StatementOutcome(status: .failed, diagnostics: [diagnostic])
        }
        return StatementOutcome(status: .failed, diagnostics: [.error(.runtime, String(describing: error), at: span)])
    }

    /// Keeps the quota as last seen, for the next plan's cost and `.quota`.
    private func remember(_ gate: QuotaGate) async {
        let snapshot = await gate.snapshot
        guard let limit = snapshot.limit, let remaining = snapshot.remaining else { return }
        let now = Date()
        state.withLock {
            $0.quota = QuotaSnapshot(limit: limit, remaining: remaining,
                                     reset: Int((snapshot.resetAt ?? now).timeIntervalSince1970),
                                     seenAt: Int(now.timeIntervalSince1970))
        }
    }
}
