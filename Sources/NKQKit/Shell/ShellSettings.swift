/// Everything the command line (and later the dot-commands) decide about a session, as a plain
/// value. The executable fills it from its flags; the shell reads it, and the runner turns it
/// into the executor's and the renderers' options in one place each (`executionOptions`,
/// `renderOptions(for:)`).
public struct ShellSettings: Sendable, Hashable {
    /// Where statements come from.
    public enum Input: Sendable, Hashable {
        /// `-c TEXT`, in order.
        case command(String)
        /// `-f FILE` (`-` = standard input).
        case file(String)
        /// Standard input as a script (it is not a terminal and neither `-c` nor `-f` was given).
        case standardInput

        /// Whether the script is standard input (`… | nkq`, `-f -`).
        var readsStandardInput: Bool {
            switch self {
            case .standardInput: true
            case .file(let path): path == "-"
            case .command: false
            }
        }
    }

    /// `--param NAME=VALUE`: the runner reads VALUE as a literal of the language (a number, a
    /// date, a list), falling back to a string.
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
    public var format: OutputFormat?
    /// In command-line order.
    public var parameters: [Parameter]
    public var target: Target.Flags
    /// The version called per API resource: `--api-version RESOURCE=vN` over the profile's `versions`.
    public var apiVersions = APIVersions()
    public var statsFile: String?
    public var maxCalls: Int?
    public var onLimit: QuotaGate.LimitPolicy
    /// The longest one wait for the quota may be (`--max-wait`).
    public var maxWait: Duration
    public var concurrency: Int?
    public var cacheEnabled: Bool
    /// How long a cached answer is reused (`--cache-ttl`).
    public var cacheTTL: Duration
    public var continueOnError: Bool
    /// Table borders in ASCII instead of box-drawing characters.
    public var ascii: Bool
    /// CSV for Norwegian Excel (`--excel`, `.format csv excel`).
    public var excel: Bool
    /// JSON layout: nil = pretty on a terminal, compact otherwise.
    public var pretty: Bool?
    /// Print the plan before each run (`.explain on`).
    public var explain: Bool
    /// Print the elapsed time after each statement (`.timing on`).
    public var timing: Bool
    /// A table or records taller than the terminal go through the pager (`.pager`, `--no-pager`).
    public var pager = true
    /// In the REPL, a statement that must wait for more than one reset of the quota window
    /// asks first (`.confirm`); scripts never ask.
    public var confirm = true
    /// Where the text of json, csv, tsv, markdown and table output is held until its statement
    /// has succeeded, past 8 MB (tests make that small).
    var heldText = ShellTextOutput.HeldText()
    /// Whether stdout / stdin are terminals, decided once at start.
    public var stdoutIsTerminal: Bool
    public var stdinIsTerminal: Bool

    public init(
        inputs: [Input] = [], format: OutputFormat? = nil, parameters: [Parameter] = [],
        target: Target.Flags = Target.Flags(), statsFile: String? = nil, maxCalls: Int? = nil,
        onLimit: QuotaGate.LimitPolicy = .wait, maxWait: Duration = ExecutionOptions.defaultMaxWait,
        concurrency: Int? = nil, cacheEnabled: Bool = true,
        cacheTTL: Duration = .seconds(300), continueOnError: Bool = false, ascii: Bool = false, excel: Bool = false, pretty: Bool? = nil,
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
        self.cacheTTL = cacheTTL
        self.continueOnError = continueOnError
        self.ascii = ascii
        self.excel = excel
        self.pretty = pretty
        self.explain = explain
        self.timing = timing
        self.stdoutIsTerminal = stdoutIsTerminal
        self.stdinIsTerminal = stdinIsTerminal
    }

    /// Table when stdout is a terminal, else json.
    public var effectiveFormat: OutputFormat {
        format ?? (stdoutIsTerminal ? .table : .json)
    }

    public var effectivePretty: Bool {
        pretty ?? stdoutIsTerminal
    }

    /// The REPL runs when no script was given and stdin is a terminal.
    public var isInteractive: Bool { inputs.isEmpty }

    /// `--concurrency`, `--on-limit`, `--max-calls`, `--max-wait` and the cache, for the executor.
    public var executionOptions: ExecutionOptions {
        ExecutionOptions(concurrency: concurrency ?? 4, onLimit: onLimit, maxCalls: maxCalls, useCache: cacheEnabled,
                         maxWait: maxWait)
    }

    /// The format, `--ascii` and the JSON layout on the terminal (or file) rows go to.
    public func renderOptions(for terminal: TerminalCapabilities) -> RenderOptions {
        var options = RenderOptions.defaults(for: terminal, format: effectiveFormat, pretty: pretty)
        if ascii { options.ascii = true }
        options.excel = excel
        return options
    }
}
