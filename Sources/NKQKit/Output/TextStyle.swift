/// The markers and colours people-facing renderers share, in Unicode or plain ASCII.
struct TextStyle {
    let color: Bool
    let ascii: Bool

    init(_ options: RenderOptions) {
        color = options.color
        ascii = options.ascii
    }

    /// How null shows in tables, distinct from an empty string (which shows as nothing).
    var null: String { ascii ? "(null)" : "∅" }
    var ellipsis: String { ascii ? "..." : "…" }

    func bold(_ text: String) -> String { color ? "\u{1B}[1m\(text)\u{1B}[22m" : text }
    func dim(_ text: String) -> String { color ? "\u{1B}[2m\(text)\u{1B}[22m" : text }

    /// Box-drawing pieces: horizontal, vertical, and the corners/joins of top, middle, bottom.
    var horizontal: String { ascii ? "-" : "─" }
    var vertical: String { ascii ? "|" : "│" }
    var top: (left: String, join: String, right: String) { ascii ? ("+", "+", "+") : ("┌", "┬", "┐") }
    var middle: (left: String, join: String, right: String) { ascii ? ("+", "+", "+") : ("├", "┼", "┤") }
    var bottom: (left: String, join: String, right: String) { ascii ? ("+", "+", "+") : ("└", "┴", "┘") }
}
