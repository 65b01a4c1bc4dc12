import Foundation

/// The statement pipeline behind the shell: plan → execute → local stages → render.
/// One runner per session, so that the quota, the token and the cache serve every statement.
public final class QueryRunner: StatementPipeline, @unchecked Sendable {
    /// Finds the target when the first statement needs the API (starting the embedded
    /// simulator, say); a statement reading a file or stdin never calls it.
    public typealias Connect = @Sendable () async throws -> Target

    private let connect: Connect
    private let transport: any HTTPTransport
    private let lock = NSLock()
    /// The session once connected; `connecting` while the first API statement waits for it.
    private var session: APISession?
    private var connecting: Task<APISession, any Error>?
    private var lastQuota: QuotaSnapshot?
    private var suppliers: Set<String> = []
    /// Pages each request took when last followed to its end, for the planner's estimates.
    private var pagesSeen: [PlannedRequest: Int] = [:]

    public init(connect: @escaping Connect, transport: any HTTPTransport = AsyncHTTPTransport()) {
        self.connect = connect
        self.transport = transport
    }

    public convenience init(target: Target, transport: any HTTPTransport = AsyncHTTPTransport()) {
        self.init(connect: { target }, transport: transport)
    }

    public func quota() -> QuotaSnapshot? { lock.withLock { lastQuota } }

    public func suppliersSeen() -> [String] { lock.withLock { suppliers.sorted() } }

    public func clearCache() {
        guard let cache = lock.withLock({ session?.cache }) else { return }
        Task { await cache.clear() }
    }

    /// The session of every API statement, connected by the first one; a failed connect is
    /// tried again by the next statement.
    func apiSession() async throws -> APISession {
        let task: Task<APISession, any Error> = lock.withLock {
            if let connecting { return connecting }
            let (connect, transport) = (self.connect, self.transport)
            let task = Task { APISession(target: try await connect(), transport: transport) }
            connecting = task
            return task
        }
        do {
            let session = try await task.value
            lock.withLock { self.session = session }
            return session
        } catch {
            lock.withLock { connecting = nil }
            throw error
        }
    }

    public func run(_ statement: Statement, analysis: Analysis, source: SourceText, parameters: [String: Expr],
                    settings: ShellSettings, output: ShellOutput) async -> StatementOutcome {
        let query: Query
        let explainOnly: Bool
        switch statement {
        case .query(let q): (query, explainOnly) = (q, false)
        case .explain(let q, _): (query, explainOnly) = (q, true)
        case .assignment: return .ok
        }
        let planner = Planner(bindings: parameters, clock: StatementClock(), quota: quota(),
                              pagesSeen: lock.withLock { pagesSeen })
        let plan: Plan
        do {
            plan = try planner.plan(query, in: source)
        } catch {
            return StatementOutcome(status: .refused, diagnostics: error.diagnostics)
        }
        let sink = ShellTextOutput(output)
        let terminal = output.destination == nil
            ? TerminalCapabilities.detect(fileDescriptor: STDOUT_FILENO)
            : TerminalCapabilities.resolve(isTerminal: false, windowWidth: nil, environment: [:])
        if explainOnly {
            if settings.format == .json {
                let json = plan.explainJSON()
                sink.write((settings.effectivePretty ? json.prettyJSONText() : json.jsonText()) + "\n")
            } else {
                sink.write(plan.explainText())
            }
            try? sink.flush()
            return .ok
        }
        if settings.explain { FileOutput.standardError.write(plan.explainText()) }

        let options = ExecutionOptions(
            concurrency: settings.concurrency ?? 4,
            onLimit: QuotaGate.LimitPolicy(rawValue: settings.onLimit.rawValue) ?? .wait,
            maxCalls: settings.maxCalls,
            useCache: settings.cacheEnabled,
            maxWait: settings.maxWait
        )
        let format = OutputFormat(rawValue: settings.effectiveFormat.rawValue) ?? .json
        // Rows streaming onto the same terminal would be torn by the line; held ones are not.
        let progress = isatty(STDERR_FILENO) == 1 && !(terminal.isTerminal && format.streams) ? ProgressLine() : nil
        var observer: (@Sendable (ExecutionProgress) -> Void)?
        if let progress { observer = { progress.show($0) } }
        var session: APISession?
        if !plan.requests.isEmpty {
            do {
                session = try await apiSession()
            } catch {
                progress?.clear()
                return StatementOutcome(status: .failed, diagnostics: [
                    .error(.runtime, "cannot reach the target: \(error)", at: statement.span),
                ])
            }
        }
        // Long waits are said on stderr whether or not it is a terminal (above the progress line).
        let notices: @Sendable (String) -> Void = { note in
            if let progress { progress.note(note) } else { FileOutput.standardError.write("note: \(note)\n") }
        }
        let executor = Executor(session: session, options: options, observer: observer, notices: notices)
        let execution: Execution
        do throws(ExecutionError) {
            try executor.check(plan)
            execution = try executor.run(plan)
        } catch {
            if case .budgetRefused = error { FileOutput.standardError.write(plan.explainText()) }
            return outcome(of: error, statement: statement)
        }

        let renderOptions = RenderOptions.defaults(for: terminal, format: format, pretty: settings.pretty)
        var renderer = format.makeRenderer(options: renderOptions, output: sink, notes: FileOutput.standardError)
        renderer.begin(columns: plan.columns)
        var rowCount = 0
        var failure: (any Error)?
        // Suppliers in the API's rows (before local stages reshape them), for completion.
        let seen = SupplierSightings()
        let fromAPI = !plan.requests.isEmpty
        let rows = execution.map { row -> JSONValue in
            if fromAPI { seen.note(row) }
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
        let executionStats = execution.stats
        lock.withLock {
            suppliers.formUnion(seen.numbers)
            pagesSeen.merge(executionStats.pagesByRequest) { _, new in new }
        }
        let interrupted = Task.isCancelled || failure is CancellationError
        let complete = failure == nil && executionStats.complete && !interrupted
        let note = interrupted ? "interrupted" : executionStats.partialReason
        renderer.finish(ResultFooter(rowCount: rowCount, complete: complete, note: complete ? nil : note))
        try? sink.flush()
        await rememberQuota()

        var stats = StatementStats(
            calls: executionStats.calls, retries: executionStats.retries, throttled: executionStats.throttled,
            waitedSeconds: executionStats.waitedSeconds, cacheHits: executionStats.cacheHits, rows: rowCount,
            elapsedSeconds: executionStats.elapsedSeconds, complete: complete)
        if interrupted {
            stats.complete = false
            return StatementOutcome(status: .interrupted, notes: ["interrupted: \(rowCount) rows in hand"], partial: true, stats: stats)
        }
        if let failure {
            var result = outcome(of: failure, statement: statement)
            result.stats = stats
            result.partial = rowCount > 0
            return result
        }
        if !complete {
            return StatementOutcome(status: .partial, notes: ["partial result: \(note ?? "stopped early")"], partial: true, stats: stats)
        }
        return StatementOutcome(status: .ok, partial: false, stats: stats)
    }

    /// Errors as the shell reports them; run-time errors point at the statement they came from.
    private func outcome(of error: any Error, statement: Statement) -> StatementOutcome {
        if let error = error as? ExecutionError {
            var diagnostic = error.diagnostic
            if diagnostic.span == nil { diagnostic.span = statement.span }
            return StatementOutcome(status: ExitStatus(rawValue: error.exitCode) ?? .failed, diagnostics: [diagnostic])
        }
        if let list = error as? DiagnosticList {
            return StatementOutcome(status: .failed, diagnostics: list.diagnostics)
        }
        if var diagnostic = error as? Diagnostic {
            if diagnostic.span == nil { diagnostic.span = statement.span }
            return StatementOutcome(status: .failed, diagnostics: [diagnostic])
        }
        return StatementOutcome(status: .failed, diagnostics: [
            .error(.runtime, String(describing: error), at: statement.span),
        ])
    }

    /// Keeps the quota as last seen, for the next plan's cost and `.quota`.
    private func rememberQuota() async {
        guard let session = lock.withLock({ session }) else { return }
        let snapshot = await session.quota.snapshot
        lock.withLock {
            if let limit = snapshot.limit, let remaining = snapshot.remaining {
                lastQuota = QuotaSnapshot(
                    limit: limit, remaining: remaining,
                    reset: Int((snapshot.resetAt ?? Date()).timeIntervalSince1970),
                    seenAt: Int(Date().timeIntervalSince1970))
            }
        }
    }
}

/// Supplier numbers seen in one statement's rows (at most 200).
final class SupplierSightings: @unchecked Sendable {
    /// The fields that name a row's supplier, per resource.
    static let fields = ["ownerParticipantNumber", "supplierParticipantNumber", "participantNo", "supplier"]
    private let lock = NSLock()
    private var seen: Set<String> = []

    func note(_ row: JSONValue) {
        guard let object = row.objectValue,
              let number = Self.fields.lazy.compactMap({ object[$0]?.intValue }).first else { return }
        lock.withLock { if seen.count < 200 { seen.insert(String(number)) } }
    }

    var numbers: Set<String> { lock.withLock { seen } }
}

/// Buffers rendered text and hands it to the shell's output (stdout or `.output FILE`) in
/// large writes, so that streaming formats stay fast.
final class ShellTextOutput: TextOutput, @unchecked Sendable {
    private let output: ShellOutput
    private let lock = NSLock()
    private var buffer: [UInt8] = []

    init(_ output: ShellOutput) {
        self.output = output
        buffer.reserveCapacity(1 << 16)
    }

    func write(_ text: String) { write(utf8: Array(text.utf8)) }

    func write(utf8 bytes: [UInt8]) {
        let full: [UInt8]? = lock.withLock {
            buffer.append(contentsOf: bytes)
            guard buffer.count >= 1 << 16 else { return nil }
            defer { buffer.removeAll(keepingCapacity: true) }
            return buffer
        }
        if let full { output.write(String(decoding: full, as: UTF8.self)) }
    }

    func flush() throws {
        let rest: [UInt8] = lock.withLock {
            defer { buffer.removeAll(keepingCapacity: true) }
            return buffer
        }
        if !rest.isEmpty { output.write(String(decoding: rest, as: UTF8.self)) }
    }
}

/// One progress line on stderr while a statement runs longer than a second: calls done of
/// planned, rows, quota left, and a countdown while waiting for the quota. Redrawn on every
/// event and twice a second between them, so that a long wait for the quota, when no event
/// comes, still shows and counts down. Erased at the end.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private let started = Date()
    private var latest: ExecutionProgress?
    private var shown = false
    private var stopped = false
    private var ticker: Task<Void, Never>?

    init(interval: Duration = .milliseconds(500)) {
        ticker = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self else { return }
                self.redraw()
            }
        }
    }

    func show(_ progress: ExecutionProgress) {
        lock.withLock { latest = progress }
        redraw()
    }

    func clear() {
        lock.withLock {
            stopped = true
            ticker?.cancel()
            if shown { FileOutput.standardError.write("\r\u{1B}[2K") }
            shown = false
        }
    }

    /// Writes `text` as a note line, erasing the progress line first; the next redraw repaints it.
    func note(_ text: String) {
        lock.withLock {
            FileOutput.standardError.write((shown ? "\r\u{1B}[2K" : "") + "note: \(text)\n")
            shown = false
        }
    }

    private func redraw() {
        lock.withLock {
            guard !stopped, let latest, Date().timeIntervalSince(started) >= 1 else { return }
            shown = true
            FileOutput.standardError.write("\r\u{1B}[2K" + Self.text(latest))
        }
    }

    /// The line's text, e.g. `12 of 40 calls, 118 rows, quota 0 left, waiting 42 s for the quota`.
    static func text(_ progress: ExecutionProgress, now: Date = Date()) -> String {
        var text = "\(progress.callsDone)"
        // An estimate already passed says nothing more.
        if let planned = progress.callsPlanned, planned >= progress.callsDone { text += " of \(planned)" }
        text += " calls, \(progress.rows) rows"
        if let remaining = progress.quotaRemaining { text += ", quota \(remaining) left" }
        if let until = progress.waitingUntil {
            let seconds = Int(until.timeIntervalSince(now).rounded(.up))
            if seconds > 2 { text += ", waiting \(seconds) s for the quota" }
        }
        return text
    }
}
