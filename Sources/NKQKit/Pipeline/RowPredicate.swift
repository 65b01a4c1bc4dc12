import Foundation

/// A `where` predicate compiled for rows: paths resolved (aliases to API names), values
/// evaluated, regexes compiled, once per statement.
///
/// Three-valued logic kept simple: a comparison, `in`, `contains` or `matches` on a null or
/// missing field is false (so is `!=`, and `not in`); only `is null` sees nulls. `not` negates
/// the result as is, so `not (x = 1)` holds when x is null.
public struct RowPredicate: Sendable {
    indirect enum Node: Sendable {
        case compare([String], Predicate.Comparison, RowValue)
        case membership([String], negated: Bool, [RowValue])
        /// Lower-cased needle.
        case contains([String], String)
        case matches([String], CompiledRegex)
        case isNull([String], negated: Bool)
        case and(Node, Node)
        case or(Node, Node)
        case not(Node)
        case constant(Bool)
    }

    let node: Node

    init(_ node: Node) {
        self.node = node
    }

    public static let always = RowPredicate(.constant(true))

    /// Throws only when a regular expression needs more work on a value than `CompiledRegex`
    /// allows.
    public func evaluate(_ row: JSONValue) throws(Diagnostic) -> Bool {
        try Self.evaluate(node, row)
    }

    static func evaluate(_ node: Node, _ row: JSONValue) throws(Diagnostic) -> Bool {
        switch node {
        case .compare(let path, let op, let operand):
            let value = RowValue(row.value(at: path))
            if value.isNull || operand.isNull { return false }
            switch op {
            case .equal: return RowValue.equal(value, operand)
            case .notEqual: return !RowValue.equal(value, operand)
            case .less: return RowValue.order(value, operand).map { $0 < 0 } ?? false
            case .lessOrEqual: return RowValue.order(value, operand).map { $0 <= 0 } ?? false
            case .greater: return RowValue.order(value, operand).map { $0 > 0 } ?? false
            case .greaterOrEqual: return RowValue.order(value, operand).map { $0 >= 0 } ?? false
            }
        case .membership(let path, let negated, let items):
            let value = RowValue(row.value(at: path))
            if value.isNull { return false }
            let found = items.contains { RowValue.equal(value, $0) }
            return negated ? !found : found
        case .contains(let path, let needle):
            switch row.value(at: path) {
            case .string(let s): return needle.isEmpty || s.lowercased().contains(needle)
            case .array(let items):
                return items.contains { item in
                    if case .string(let s) = item { return s.lowercased() == needle }
                    return false
                }
            default: return false
            }
        case .matches(let path, let regex):
            switch row.value(at: path) {
            case .string(let s): return try regex.matches(s)
            case .number(let n): return try regex.matches(n.text)
            default: return false
            }
        case .isNull(let path, let negated):
            return row.value(at: path).isNull != negated
        case .and(let l, let r):
            guard try evaluate(l, row) else { return false }
            return try evaluate(r, row)
        case .or(let l, let r):
            if try evaluate(l, row) { return true }
            return try evaluate(r, row)
        case .not(let inner):
            return try !evaluate(inner, row)
        case .constant(let b):
            return b
        }
    }
}

/// A regular expression compiled once per statement. `matches` searches anywhere in the text
/// (anchor with `^…$` for a whole-value match), like `grep` and jq's `test`.
///
/// ICU backtracks, so a pattern such as `(a|aa)+$` can take exponential time on a long value.
/// Each match is therefore given a budget: ICU reports progress once per start position it
/// tries and once per about 10,000 steps of backtracking, and a match that reports more than
/// `stepReports` times beyond the value's length is stopped with an error (so about ten
/// million steps per value; ordinary patterns use a few per character).
final class CompiledRegex: Sendable {
    let pattern: String
    let regex: NSRegularExpression
    /// The pattern in the statement, for the error.
    let span: SourceSpan
    static let stepReports = 1_000

    init(_ pattern: String, span: SourceSpan) throws {
        self.pattern = pattern
        self.span = span
        self.regex = try NSRegularExpression(pattern: pattern)
    }

    func matches(_ s: String) throws(Diagnostic) -> Bool {
        let length = (s as NSString).length
        let budget = length + 1 + Self.stepReports
        var reports = 0
        var found = false
        var overrun = false
        regex.enumerateMatches(in: s, options: [.reportProgress], range: NSRange(location: 0, length: length)) { result, _, stop in
            if result != nil {
                found = true
                stop.pointee = true
                return
            }
            reports += 1
            if reports > budget {
                overrun = true
                stop.pointee = true
            }
        }
        if overrun {
            throw .error(.runtime, "the regular expression '\(pattern)' needs too much work on a value of \(length) characters",
                         at: span, help: "nested repetition such as (a|aa)+ backtracks without end; write the pattern without it")
        }
        return found
    }
}
