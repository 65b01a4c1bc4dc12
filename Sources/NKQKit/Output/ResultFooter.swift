/// What the renderer says after a statement's rows.
public struct ResultFooter: Sendable, Equatable {
    public var rowCount: Int
    /// False when the result is partial (stopped by the call budget, rate limit or an error).
    public var complete: Bool
    /// A short reason or remark shown with the count, e.g. "stopped at --max-calls 10".
    public var note: String?

    public init(rowCount: Int, complete: Bool = true, note: String? = nil) {
        self.rowCount = rowCount
        self.complete = complete
        self.note = note
    }

    /// `3 rows`, `1 row`, `0 rows`, then `, partial` and the note when there is one.
    public var summary: String {
        var text = rowCount == 1 ? "1 row" : "\(rowCount) rows"
        if !complete { text += ", partial" }
        if let note, !note.isEmpty { text += complete ? " (\(note))" : ": \(note)" }
        return text
    }
}
