/// The columns of a result: the select list's order when given, else every key in the order
/// first seen. Non-object rows show as one column named `value`.
struct ColumnSet {
    private(set) var names: [String]
    private var known: Set<String>
    let fixed: Bool

    static let valueColumn = "value"

    init(_ columns: [String]?) {
        names = columns ?? []
        known = Set(names)
        fixed = columns != nil
    }

    /// Adds the row's keys not seen yet (unless the columns are fixed); returns the new ones.
    @discardableResult
    mutating func add(_ row: JSONValue) -> [String] {
        guard !fixed else { return [] }
        var added: [String] = []
        if case .object(let object) = row {
            for key in object.keys where !known.contains(key) {
                known.insert(key)
                names.append(key)
                added.append(key)
            }
        } else if !known.contains(Self.valueColumn) {
            known.insert(Self.valueColumn)
            names.append(Self.valueColumn)
            added.append(Self.valueColumn)
        }
        return added
    }

    /// The row's value for a column; nil when the key is missing.
    static func value(of row: JSONValue, _ column: String) -> JSONValue? {
        switch row {
        case .object(let object):
            if let v = object[column] { return v }
            // A dotted select (`price.value`) may name a nested field.
            guard column.contains(".") else { return nil }
            let v = row.value(at: column.split(separator: ".").map(String.init))
            return v.isNull ? nil : v
        default:
            return column == valueColumn ? row : nil
        }
    }
}
