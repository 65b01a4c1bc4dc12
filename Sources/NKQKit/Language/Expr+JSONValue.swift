extension Expr {
    /// A row's value as a literal of the language, for a list made from a query's rows; nil for
    /// null, arrays and objects, which a list cannot hold.
    static func literal(_ value: JSONValue, span: SourceSpan) -> Expr? {
        switch value {
        case .number(let n):
            if let i = Int(n.text) { return .integer(i, span: span) }
            return n.double.isFinite ? .decimal(n.text, span: span) : nil
        case .string(let s): return .string(s, span: span)
        case .bool(let b): return .bool(b, span: span)
        case .null, .array, .object: return nil
        }
    }

    /// A list of a query's values as `let` shows it: `(1, 2, 3)`, or the first ten and a count.
    static func listText(_ items: [Expr]) -> String {
        let shown = items.prefix(10).map(\.display).joined(separator: ", ")
        return "(" + shown + (items.count > 10 ? ", … \(items.count) values" : "") + ")"
    }
}
