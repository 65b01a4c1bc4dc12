/// One value as plain display text, with its width and what it was (for alignment and colour).
struct Cell {
    enum Kind {
        case text
        case number
        case bool
        case null
        case nested
    }

    let text: String
    let width: Int
    let kind: Kind

    init(text: String, kind: Kind) {
        self.text = text
        self.width = TextWidth.visibleWidth(text)
        self.kind = kind
    }

    /// A table cell: nested values summarised (`[12 conditions]`, `{value: 120.5, …}`).
    static func summary(_ value: JSONValue?, column: String, style: TextStyle) -> Cell {
        guard let value else { return Cell(text: style.null, kind: .null) }
        switch value {
        case .null: return Cell(text: style.null, kind: .null)
        case .bool(let b): return Cell(text: b ? "true" : "false", kind: .bool)
        case .number(let n): return Cell(text: n.text, kind: .number)
        case .string(let s): return Cell(text: ValueText.sanitize(s, ascii: style.ascii), kind: .text)
        case .array, .object: return Cell(text: ValueText.summary(value, field: column, ascii: style.ascii), kind: .nested)
        }
    }

    /// The text with its colour, for terminals.
    func styled(_ style: TextStyle, text shown: String? = nil) -> String {
        let shown = shown ?? text
        switch kind {
        case .null, .nested: return style.dim(shown)
        default: return shown
        }
    }
}
