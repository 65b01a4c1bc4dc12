/// What a partly typed statement leaves open.
public enum OpenState: Sendable, Hashable {
    case complete
    /// Inside a string opened with this quote.
    case string(quote: Character)
    /// Inside this many parentheses.
    case parenthesis(depth: Int)
    /// The last line ends with `|`: a stage comes next.
    case pipe
    /// The last line ends with `,`, `and` or `or`.
    case trailing(String)

    public var isComplete: Bool { self == .complete }

    /// A short word for the continuation prompt (`string…`, `(…`, `|…`).
    public var prompt: String {
        switch self {
        case .complete: ""
        case .string(let q): "\(q)…"
        case .parenthesis(let d): String(repeating: "(", count: min(d, 3)) + "…"
        case .pipe: "|…"
        case .trailing(let t): "\(t)…"
        }
    }
}
