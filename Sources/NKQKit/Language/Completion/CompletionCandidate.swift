/// One thing the REPL may insert at the cursor.
public struct CompletionCandidate: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case field, value, parameter, source, keyword, `operator`, function, file, symbol
    }

    /// The text that replaces the last `replacementLength` characters before the cursor.
    public var text: String
    public var kind: Kind
    /// A short note for a menu: a field's type, a source's summary.
    public var detail: String?
    /// How many characters before the cursor (the word being typed) `text` replaces.
    public var replacementLength: Int

    public init(_ text: String, kind: Kind, detail: String? = nil, replacementLength: Int) {
        self.text = text
        self.kind = kind
        self.detail = detail
        self.replacementLength = replacementLength
    }

    /// What the REPL appends after the characters already typed.
    public var suffix: String {
        String(text.dropFirst(replacementLength))
    }
}
