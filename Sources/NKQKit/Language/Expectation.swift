/// Something the parser would accept at a position. Error messages ("expected …") and the
/// completion oracle are both built from these, so they always agree.
public enum Expectation: Sendable, Hashable {
    case keyword(String)
    case symbol(Token.Symbol)
    /// A source name after `get`.
    case source
    /// A field of the row in hand.
    case field
    /// A comparison after this field (`=`, `in`, `contains`, `is null`, …).
    case comparison(FieldRef)
    /// A value, compared with this field when there is one.
    case value(FieldRef?)
    /// A quoted path after `file`.
    case filePath
    /// A format or resource after `file 'PATH' as` or `stdin as`.
    case readAs
    /// `count()`, `sum(F)`, … after `with`.
    case aggregate
    /// A new name (`as NAME`, `let NAME`).
    case name
    /// A whole number (`limit N`).
    case integer

    var phrase: String {
        switch self {
        case .keyword(let k): "'\(k)'"
        case .symbol(let s): "'\(s.rawValue)'"
        case .source: "a source"
        case .field: "a field"
        case .comparison: "a comparison"
        case .value: "a value"
        case .filePath: "a quoted file path"
        case .readAs: "a format or a resource"
        case .aggregate: "an aggregate"
        case .name: "a name"
        case .integer: "a whole number"
        }
    }

    /// "a field", "'asc', 'desc' or ','" — at most a handful of options, in the order recorded.
    static func phrase(_ options: [Expectation]) -> String {
        var seen = Set<String>()
        var phrases: [String] = []
        // A dot after a field is always possible and never the missing piece.
        let shown = options.count > 1 ? options.filter { $0 != .symbol(.dot) } : options
        for o in shown where seen.insert(o.phrase).inserted { phrases.append(o.phrase) }
        if phrases.count > 6 { phrases = Array(phrases.prefix(5)) + ["…"] }
        switch phrases.count {
        case 0: return "something else"
        case 1: return phrases[0]
        default: return phrases.dropLast().joined(separator: ", ") + " or " + phrases.last!
        }
    }
}
