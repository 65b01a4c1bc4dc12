/// How to render: the format and the terminal's manners. The shell fills this in.
public struct RenderOptions: Sendable, Equatable {
    public var format: OutputFormat
    /// SGR colour (bold header, dim nulls and notes).
    public var color: Bool
    /// Plain ASCII borders and markers instead of box drawing, `∅` and `…`.
    public var ascii: Bool
    /// Columns to fit tables into; nil means do not fit (e.g. a table written to a file).
    public var terminalWidth: Int?
    /// Indented JSON for the `json` format.
    public var pretty: Bool
    /// The text goes to a terminal: csv and tsv then show control characters from the data as
    /// the table does, so that data can never move the cursor or recolour the screen; into a
    /// file or a pipe they write the data as it is.
    public var isTerminal: Bool
    /// CSV as Norwegian Excel reads it: `;`, decimal commas, a UTF-8 BOM, CRLF.
    public var excel: Bool

    public init(format: OutputFormat = .table, color: Bool = false, ascii: Bool = false,
                terminalWidth: Int? = nil, pretty: Bool = false, isTerminal: Bool = false, excel: Bool = false) {
        self.format = format
        self.color = color
        self.ascii = ascii
        self.terminalWidth = terminalWidth
        self.pretty = pretty
        self.isTerminal = isTerminal
        self.excel = excel
    }

    /// The defaults for a destination: `table` and pretty JSON on a terminal, `json` compact
    /// when piped; an explicit format or pretty choice wins.
    public static func defaults(for terminal: TerminalCapabilities, format: OutputFormat? = nil,
                                pretty: Bool? = nil) -> RenderOptions {
        RenderOptions(
            format: format ?? (terminal.isTerminal ? .table : .json),
            color: terminal.color,
            ascii: !terminal.unicode,
            terminalWidth: terminal.isTerminal ? terminal.width : nil,
            pretty: pretty ?? terminal.isTerminal,
            isTerminal: terminal.isTerminal
        )
    }
}
