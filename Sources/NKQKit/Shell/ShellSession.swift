import CEditLine
import Foundation

/// One nkq session: the settings, the statement runner and the output. Runs scripts, `-c`
/// texts, `.read` files and REPL input the same way; only the policy after a failing statement
/// differs (a script stops, the REPL goes on).
@MainActor
public final class ShellSession {
    public enum Mode: Sendable {
        /// Stop at the first failure unless `--continue-on-error`.
        case script
        /// Report and go on.
        case interactive
    }

    public struct Result: Sendable {
        /// The worst status of what ran.
        public var status: ExitStatus
        /// `.quit` was given.
        public var quit: Bool
    }

    public internal(set) var settings: ShellSettings
    public let runner: StatementRunner
    public let output: ShellOutput
    /// The last statement that ran, for `.stats`.
    var lastStats: (statement: String, stats: ExecutionStats)?
    let renderer: DiagnosticRenderer
    /// `.read` nesting, to stop a file that reads itself.
    var readDepth = 0

    public init(settings: ShellSettings, runner: StatementRunner, output: ShellOutput = ShellOutput(),
                colorDiagnostics: Bool = false) {
        self.settings = settings
        self.runner = runner
        self.output = output
        self.renderer = DiagnosticRenderer(color: colorDiagnostics)
    }

    /// Binds `--param` values; false (after reporting) when one is refused.
    public func bindParameters() -> Bool {
        for parameter in settings.parameters {
            if let problem = runner.bind(parameter) {
                report([problem], in: SourceText("\(parameter.name)=\(parameter.value)", name: "--param"))
                return false
            }
        }
        return true
    }

    /// Runs every statement and dot-command of `source` in order.
    public func run(_ source: SourceText, mode: Mode) async -> Result {
        var worst = ExitStatus.ok
        let pieces = Self.parsedPieces(of: source)
        // A script is checked whole first: an error anywhere refuses it before any statement
        // (and any call) runs, every error listed.
        if mode == .script, !settings.continueOnError {
            let errors = check(pieces)
            if !errors.isEmpty {
                report(errors, in: source)
                return Result(status: .refused, quit: false)
            }
        }
        for piece in pieces {
            switch piece {
            case .command(let line, let span):
                let result = await runCommand(line, at: span, in: source)
                worst = worst.worst(result.status)
                if let stop = checkOutput(mode: mode) { return Result(status: worst.worst(stop), quit: true) }
                if result.quit { return Result(status: worst, quit: true) }
                if mode == .script, result.status != .ok, !settings.continueOnError { return Result(status: worst, quit: false) }
            case .statements(let parsed):
                if !parsed.unattached.isEmpty {
                    report(parsed.unattached, in: source)
                    worst = worst.worst(.refused)
                    if mode == .script, !settings.continueOnError { return Result(status: worst, quit: false) }
                }
                for entry in parsed.entries {
                    if mode == .script, ce_take_interrupt() != 0 { return Result(status: .interrupted, quit: false) }
                    let outcome = await runStatement(entry, in: source)
                    worst = worst.worst(outcome.status)
                    if let stop = checkOutput(mode: mode) { return Result(status: worst.worst(stop), quit: true) }
                    if mode == .script, Self.stopsScript(outcome, continueOnError: settings.continueOnError) {
                        return Result(status: worst, quit: false)
                    }
                }
            }
        }
        return Result(status: worst, quit: false)
    }

    /// Flushes the rows after a statement or command; a write that failed ends the session with
    /// the status returned. A closed pipe ends it without a word (`finish` then ends nkq as
    /// `cat` ends); another failure on stdout is one line on stderr. A failing `.output` file
    /// is reported too; the REPL then goes back to stdout and goes on, a script stops.
    func checkOutput(mode: Mode) -> ExitStatus? {
        try? output.flush()
        if FileOutput.standardError.failure?.isBrokenPipe == true { return .failed }
        guard let failure = output.failure else { return nil }
        if failure.isBrokenPipe, output.destination == nil { return .failed }
        StandardError.write(renderer.render(.error(.runtime, failure.description, at: nil), in: nil))
        guard output.destination != nil, mode == .interactive else { return .failed }
        try? output.redirect(to: nil)
        return nil
    }

    /// The status nkq exits with, once the session is over: stdout is flushed; a closed pipe on
    /// stdout or stderr ends the process by SIGPIPE here, as it ends `cat`; a write to stderr
    /// that failed otherwise (a message was lost) makes the status at least 1.
    public func finish(_ status: ExitStatus) -> ExitStatus {
        try? output.flush()
        let stdoutClosed = output.destination == nil && output.failure?.isBrokenPipe == true
        if stdoutClosed || FileOutput.standardError.failure?.isBrokenPipe == true {
            FileOutput.endForClosedPipe()
        }
        if FileOutput.standardError.failure != nil || output.failure != nil { return status.worst(.failed) }
        return status
    }

    /// A script's dot-command lines, and its regions of statements parsed once, with spans in
    /// the whole script for the caret and FILE:LINE:COL; the check and the run share them.
    enum ParsedPiece {
        case command(String, span: SourceSpan)
        case statements(ParsedScript)
    }

    static func parsedPieces(of source: SourceText) -> [ParsedPiece] {
        ScriptReader.pieces(of: source).map { piece in
            switch piece {
            case .command(let line, let span): .command(line, span: span)
            case .statements(let region): .statements(Parser.parseScript(source, in: region))
            }
        }
    }

    /// The syntax and analysis errors of every statement and the unknown dot-commands of a script.
    func check(_ pieces: [ParsedPiece]) -> [Diagnostic] {
        var errors: [Diagnostic] = []
        for piece in pieces {
            switch piece {
            case .command(let line, let span):
                guard let command = DotCommand(parsing: line) else {
                    errors.append(.error(.syntax, "unterminated quote in '\(line)'", at: span))
                    continue
                }
                if DotCommand.definition(named: command.name) == nil {
                    let help = Suggestion.closest(to: command.name, in: DotCommand.definitions.map(\.name)).map { "did you mean '.\($0)'?" }
                    errors.append(.error(.syntax, "unknown command '.\(command.name)'", at: span, help: help ?? "see .help"))
                }
            case .statements(let parsed):
                errors += runner.check(parsed)
            }
        }
        return errors
    }

    /// A failure stops a script; rows shown as partial do not (the status still says 3), and
    /// Ctrl-C stops it even with `--continue-on-error`.
    static func stopsScript(_ outcome: StatementOutcome, continueOnError: Bool) -> Bool {
        switch outcome.status {
        case .ok: false
        case .interrupted: true
        case .partial where outcome.partial: false
        default: !continueOnError
        }
    }

    /// What happens first while a statement runs.
    private enum Event: Sendable {
        case finished(StatementOutcome)
        case ctrlC
        case readerGone
        case watchEnded
    }

    /// Runs one statement as a child task that Ctrl-C cancels, and reports how it went.
    func runStatement(_ entry: ParsedScript.Entry, in source: SourceText) async -> StatementOutcome {
        let runner = self.runner
        let settings = self.settings
        let output = self.output
        let started = ContinuousClock.now
        var outcome = StatementOutcome(status: .interrupted)
        var interrupted = false
        var readerGone = false
        await withTaskGroup(of: Event.self) { group in
            group.addTask { .finished(await runner.run(entry, in: source, settings: settings, output: output)) }
            // The SIGINT handler only sets a flag; this watcher turns it into a cancel. It also
            // stops the statement when stdout's reader has gone (`| head`), even while nothing
            // is written (the shell then ends quietly, see `checkOutput`), and flushes what was
            // written each tick: streamed rows reach `| jq` or `| head -1` while the rest are
            // still being fetched, not once 64 KB of them have gathered.
            group.addTask {
                while !Task.isCancelled {
                    if ce_take_interrupt() != 0 { return .ctrlC }
                    if output.readerHasGone() { return .readerGone }
                    try? output.flush()
                    try? await Task.sleep(for: .milliseconds(40))
                }
                return .watchEnded
            }
            for await event in group {
                switch event {
                case .finished(let result):
                    outcome = result
                    group.cancelAll()  // ends the watcher
                case .ctrlC:
                    interrupted = true
                    group.cancelAll()  // the statement stops and renders the rows in hand
                case .readerGone:
                    readerGone = true
                    group.cancelAll()
                case .watchEnded:
                    break
                }
            }
        }
        if interrupted, outcome.status != .interrupted {
            outcome.status = .interrupted
            outcome.partial = outcome.stats != nil
        }
        if readerGone {
            // Whatever the cancel made of the statement, nkq ends quietly as a closed pipe ends it.
            outcome = StatementOutcome(status: .failed, partial: true, stats: outcome.stats)
        }
        let elapsed = ContinuousClock.now - started
        report(outcome, of: source.slice(entry.span), in: source, elapsed: elapsed)
        return outcome
    }

    func report(_ outcome: StatementOutcome, of statement: String, in source: SourceText, elapsed: Duration) {
        report(outcome.diagnostics, in: source)
        for note in outcome.notes { StandardError.write("note: \(note)\n") }
        // One line per interruption: the statement's note says it when there is one.
        if outcome.status == .interrupted, outcome.notes.isEmpty { StandardError.write("interrupted\n") }
        if var stats = outcome.stats {
            if stats.elapsedSeconds == 0 { stats.elapsedSeconds = elapsed.seconds }
            let text = statement.trimmingCharacters(in: .whitespacesAndNewlines)
            lastStats = (text, stats)
            if let path = settings.statsFile { appendStats(stats, of: text, to: path) }
        }
        if settings.timing {
            var line = String(format: "time: %.3f s", elapsed.seconds)
            if let stats = outcome.stats {
                line += ", " + (stats.calls == 1 ? "1 call" : "\(stats.calls) calls") + ", " + ResultFooter(rowCount: stats.rows).summary
            }
            StandardError.write(line + "\n")
        }
    }

    func report(_ diagnostics: [Diagnostic], in source: SourceText?) {
        guard !diagnostics.isEmpty else { return }
        StandardError.write(renderer.render(diagnostics, in: source, limit: DiagnosticRenderer.shownPerStatement))
    }

    /// `--stats-file`: one JSON object per statement, appended.
    func appendStats(_ stats: ExecutionStats, of statement: String, to path: String) {
        let line = stats.json(statement: statement).jsonText() + "\n"
        // Opened as `>>` opens it (created 0600 when missing); a full disk or a closed pipe is
        // a warning, never a trap.
        do {
            let file = try FileOutput(path: path, append: true)
            file.write(line)
            try file.close()
        } catch {
            let reason = (error as? OutputError)?.message ?? String(describing: error)
            StandardError.write("warning: cannot write the stats file \(path): \(reason)\n")
        }
    }
}

