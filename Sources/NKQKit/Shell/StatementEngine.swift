/// The seam between the shell and the statement pipeline (parse → analyze → plan → execute →
/// local stages → render). The REPL and the script runner drive only this protocol; they cut
/// input into statements, keep settings and exit codes, and render diagnostics.
///
/// Contract:
/// - Spans are character offsets into `StatementText.source`, so the shell can render
///   `FILE:LINE:COL` and the caret for any diagnostic, whatever statement it came from.
/// - `run` honours Task cancellation (Ctrl-C): it stops fetching, renders the rows in hand,
///   and returns `.interrupted` with `partial` set.
/// - Rendered rows go to `output`; notes about the run (partial, warnings) come back in the outcome.
public protocol StatementEngine: AnyObject, Sendable {
    /// Binds `--param NAME=VALUE` before the first statement; a VALUE that is not a literal of
    /// the language is taken as a string. Returns a diagnostic for a bad NAME.
    func bind(_ parameter: ShellSettings.Parameter) -> Diagnostic?

    /// Whether `text` (one or more lines) still needs more input: a trailing `|`, an open
    /// parenthesis or string. Drives the REPL's continuation prompt and the script reader.
    func continuation(of text: String) -> OpenState

    /// The statements of a complete chunk of input, as spans of `text`, in order (`;` and
    /// newlines end statements; comments and blank lines make none).
    func statements(in text: String) -> [SourceSpan]

    /// The errors of a chunk of statements, checked as a whole without running anything
    /// (syntax, then analysis with the `let`s before each statement bound); spans are offsets
    /// into `text`. A script is refused on these before its first statement runs.
    func check(_ text: String) -> [Diagnostic]

    /// What may be typed at `cursor` (a character offset) of `text`, the whole input so far.
    func completions(in text: String, cursor: Int) -> LineCompletion

    /// Runs one statement to the end, writing rendered output to `output`.
    func run(_ statement: StatementText, settings: ShellSettings, output: ShellOutput) async -> StatementOutcome

    /// `$NAME` values bound so far (`--param` and `let`), rendered as the language writes them.
    func parameters() -> [(name: String, value: String)]

    /// The quota as last seen in a response, for `.quota`; nil before the first call.
    func quota() -> QuotaSnapshot?

    /// `.cache clear`.
    func clearCache()
}

/// One statement cut out of a script, a `-c` text or REPL input.
public struct StatementText: Sendable {
    public var source: SourceText
    public var span: SourceSpan

    public init(source: SourceText, span: SourceSpan) {
        self.source = source
        self.span = span
    }

    public var text: String { source.slice(span) }
}

/// Candidates for the word that ends at the cursor.
public struct LineCompletion: Sendable, Hashable {
    /// Character offset where the word being completed starts; candidates replace
    /// `start..<cursor`.
    public var start: Int
    /// Full words (not suffixes), in the order to show them.
    public var candidates: [String]

    public init(start: Int, candidates: [String]) {
        self.start = start
        self.candidates = candidates
    }

    public static func none(at cursor: Int) -> LineCompletion { LineCompletion(start: cursor, candidates: []) }
}

/// What one statement cost; written to `--stats-file` as one JSON object per statement.
public struct StatementStats: Sendable, Hashable {
    public var calls: Int
    public var retries: Int
    /// 429 answers received.
    public var throttled: Int
    public var waitedSeconds: Double
    public var cacheHits: Int
    public var rows: Int
    public var elapsedSeconds: Double
    /// False when the rows are partial (quota, Ctrl-C, an error mid-way) or nothing ran.
    public var complete: Bool

    public init(calls: Int = 0, retries: Int = 0, throttled: Int = 0, waitedSeconds: Double = 0, cacheHits: Int = 0,
                rows: Int = 0, elapsedSeconds: Double = 0, complete: Bool = true) {
        self.calls = calls
        self.retries = retries
        self.throttled = throttled
        self.waitedSeconds = waitedSeconds
        self.cacheHits = cacheHits
        self.rows = rows
        self.elapsedSeconds = elapsedSeconds
        self.complete = complete
    }
}

/// How one statement ended.
public struct StatementOutcome: Sendable {
    public var status: ExitStatus
    /// Errors and warnings, spans relative to the statement's source.
    public var diagnostics: [Diagnostic]
    /// Lines for stderr about the run: `partial: 120 rows (quota exhausted)`, plan warnings.
    public var notes: [String]
    /// Rows were shown but not all of them.
    public var partial: Bool
    /// nil for statements that make no call and return no rows (`let`).
    public var stats: StatementStats?

    public init(status: ExitStatus, diagnostics: [Diagnostic] = [], notes: [String] = [], partial: Bool = false,
                stats: StatementStats? = nil) {
        self.status = status
        self.diagnostics = diagnostics
        self.notes = notes
        self.partial = partial
        self.stats = stats
    }

    public static let ok = StatementOutcome(status: .ok)
}
