/// A shell command line such as `.format csv` or `.read 'my report.nkq'`.
struct DotCommand: Equatable {
    /// Every dot-command, for `.help`, completion and "did you mean".
    struct Definition: Sendable {
        let name: String
        let usage: String
        let summary: String
        /// What completes after the name.
        let arguments: [String]
    }

    static let definitions: [Definition] = [
        .init(name: "help", usage: ".help [TOPIC]", summary: "This list, or help on a topic: " + ShellHelp.topics.map(\.name).joined(separator: ", ") + ".",
              arguments: ShellHelp.topics.map(\.name)),
        .init(name: "format", usage: ".format [FORMAT]", summary: "Show or set the output format: " + OutputFormat.allCases.map(\.rawValue).joined(separator: ", ") + "; .format csv excel for Norwegian Excel.",
              arguments: OutputFormat.allCases.map(\.rawValue)),
        .init(name: "timing", usage: ".timing [on|off]", summary: "Print time, calls and rows after each statement.", arguments: ["on", "off"]),
        .init(name: "pager", usage: ".pager [on|off]", summary: "Show output taller than the terminal through a pager (NKQ_PAGER, PAGER or less).", arguments: ["on", "off"]),
        .init(name: "confirm", usage: ".confirm [on|off]", summary: "Ask before a statement that must wait for the quota more than once.", arguments: ["on", "off"]),
        .init(name: "stats", usage: ".stats", summary: "What the last statement cost: calls, retries, 429s, waits, cache hits, rows.", arguments: []),
        .init(name: "explain", usage: ".explain [on|off]", summary: "Print the plan before each statement runs.", arguments: ["on", "off"]),
        .init(name: "quota", usage: ".quota", summary: "The rate-limit windows as last seen: endpoints, limit, remaining, reset.", arguments: []),
        .init(name: "cache", usage: ".cache [clear|on|off]", summary: "Clear or switch the response cache.", arguments: ["clear", "on", "off"]),
        .init(name: "read", usage: ".read FILE", summary: "Run the statements of a file.", arguments: []),
        .init(name: "output", usage: ".output [FILE]", summary: "Send rows to FILE (truncated), or back to standard output.", arguments: []),
        .init(name: "sources", usage: ".sources", summary: "The sources 'get' can read.", arguments: []),
        .init(name: "fields", usage: ".fields SOURCE", summary: "The fields of a source, with types.", arguments: Schema.resources.map(\.name)),
        .init(name: "params", usage: ".params", summary: "The $NAME values bound by --param and let.", arguments: []),
        .init(name: "profile", usage: ".profile", summary: "The target this session talks to.", arguments: []),
        .init(name: "quit", usage: ".quit", summary: "Leave (Ctrl-D does too).", arguments: []),
    ]

    /// Other spellings people type.
    static let aliases = ["exit": "quit", "q": "quit", "h": "help", "mode": "format", "schema": "fields", "tables": "sources"]

    static func definition(named name: String) -> Definition? {
        let name = aliases[name] ?? name
        return definitions.first { $0.name == name }
    }

    var name: String
    var arguments: [String]

    init(name: String, arguments: [String]) {
        self.name = name
        self.arguments = arguments
    }

    /// Splits `.name arg 'quoted arg'`; nil when a quote is left open.
    init?(parsing line: String) {
        var words: [String] = []
        var current = ""
        var quote: Character?
        var hasWord = false
        for c in line.dropFirst() {
            if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
            } else if c == "'" || c == "\"" {
                quote = c
                hasWord = true
            } else if c == " " || c == "\t" {
                if hasWord { words.append(current); current = ""; hasWord = false }
            } else {
                current.append(c)
                hasWord = true
            }
        }
        guard quote == nil else { return nil }
        if hasWord { words.append(current) }
        name = words.first?.lowercased() ?? ""
        arguments = Array(words.dropFirst())
    }
}
