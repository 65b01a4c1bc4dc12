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

    public func evaluate(_ row: JSONValue) -> Bool {
        Self.evaluate(node, row)
    }

    static func evaluate(_ node: Node, _ row: JSONValue) -> Bool {
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
            case .string(let s): return regex.matches(s)
            case .number(let n): return regex.matches(n.text)
            default: return false
            }
        case .isNull(let path, let negated):
            return row.value(at: path).isNull != negated
        case .and(let l, let r):
            return evaluate(l, row) && evaluate(r, row)
        case .or(let l, let r):
            return evaluate(l, row) || evaluate(r, row)
        case .not(let inner):
            return !evaluate(inner, row)
        case .constant(let b):
            return b
        }
    }
}

/// A regular expression compiled once per statement. `matches` searches anywhere in the text
/// (anchor with `^…$` for a whole-value match), like `grep` and jq's `test`.
final class CompiledRegex: @unchecked Sendable {
    // NSRegularExpression is immutable and documented as safe to share between threads.
    let pattern: String
    let regex: NSRegularExpression

    init(_ pattern: String) throws {
        self.pattern = pattern
        self.regex = try NSRegularExpression(pattern: pattern)
    }

    func matches(_ s: String) -> Bool {
        let ns = s as NSString
        return regex.firstMatch(in: s, range: NSRange(location: 0, length: ns.length)) != nil
    }
}

