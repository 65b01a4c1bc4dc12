/// Everything the command line (and later the dot-commands) decide about a session, as a plain
/// value. The executable fills it from its flags; the shell, the engine and the renderers read it.
public struct ShellSettings: Sendable, Hashable {
    /// Output formats of DESIGN.md's interface contract.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        case table, expanded, json, ndjson, csv, tsv, markdown
    }

    /// What the executor does when the quota runs out mid-statement.
    public enum OnLimit: String, Sendable, Hashable, CaseIterable {
        /// Wait for the window to reset, then go on.
        case wait
        /// Stop the statement with an error (exit 1).
        case fail
        /// Stop fetching and show the rows in hand, marked partial (exit 3).
        case partial
    }

    /// Where statements come from.
    public enum Input: Sendable, Hashable {
        /// `-c TEXT`, in order.
        case command(String)
        /// `-f FILE` (`-` = standard input).
        case file(String)
        /// Standard input as a script (it is not a terminal and neither `-c` nor `-f` was given).
        case standardInput
    }

    /// Which API the session talks to, as asked for; `TargetResolver` turns it into a `SessionTarget`.
    public enum TargetChoice: Sendable, Hashable {
        case embeddedSimulator
        /// `--endpoint` (and `--token-url`), credentials from the environment.
        case endpoint(apiBase: String, tokenURL: String?)
        /// `--profile NAME`, optionally with `--endpoint`/`--token-url` overriding the profile's.
        case profile(name: String, apiBase: String?, tokenURL: String?)
    }

    /// `--param NAME=VALUE`: the engine reads VALUE as a literal of the language (a number, a date,
    /// a list), falling back to a string.
    public struct Parameter: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Empty = the REPL.
    public var inputs: [Input]
    /// nil = the default: table on a terminal, else json (see `effectiveFormat`).
    public var format: Format?
    /// In command-line order.
    public var parameters: [Parameter]
    public var target: TargetChoice
    public var statsFile: String?
    public var maxCalls: Int?
    public var onLimit: OnLimit
    /// The longest one wait for the quota may be (`--max-wait`).
    public var maxWait: Duration
    public var concurrency: Int?
    public var cacheEnabled: Bool
    public var continueOnError: Bool
    /// Table borders in ASCII instead of box-drawing characters.
    public var ascii: Bool
    /// JSON layout: nil = pretty on a terminal, compact otherwise.
    public var pretty: Bool?
    /// Print the plan before each run (`.explain on`).
    public var explain: Bool
    /// Print the elapsed time after each statement (`.timing on`).
    public var timing: Bool
    /// Whether stdout / stdin are terminals, decided once at start.
    public var stdoutIsTerminal: Bool
    public var stdinIsTerminal: Bool

    public init(
        inputs: [Input] = [], format: Format? = nil, parameters: [Parameter] = [],
        target: TargetChoice = .embeddedSimulator, statsFile: String? = nil, maxCalls: Int? = nil,
        onLimit: OnLimit = .wait, maxWait: Duration = ExecutionOptions.defaultMaxWait, concurrency: Int? = nil,
        cacheEnabled: Bool = true,
        continueOnError: Bool = false, ascii: Bool = false, pretty: Bool? = nil,
        explain: Bool = false, timing: Bool = false, stdoutIsTerminal: Bool = false, stdinIsTerminal: Bool = false
    ) {
        self.inputs = inputs
        self.format = format
        self.parameters = parameters
        self.target = target
        self.statsFile = statsFile
        self.maxCalls = maxCalls
        self.onLimit = onLimit
        self.maxWait = maxWait
        self.concurrency = concurrency
        self.cacheEnabled = cacheEnabled
        self.continueOnError = continueOnError
        self.ascii = ascii
        self.pretty = pretty
        self.explain = explain
        self.timing = timing
        self.stdoutIsTerminal = stdoutIsTerminal
        self.stdinIsTerminal = stdinIsTerminal
    }

    /// DESIGN.md: table when stdout is a terminal, else json.
    public var effectiveFormat: Format {
        format ?? (stdoutIsTerminal ? .table : .json)
    }

    public var effectivePretty: Bool {
        pretty ?? stdoutIsTerminal
    }

    /// The REPL runs when no script was given and stdin is a terminal.
    public var isInteractive: Bool { inputs.isEmpty }
}
