/// The rows of a statement held until `finish`, with the columns they bring, for the formats
/// whose widths depend on every value (table, expanded, markdown).
struct HeldRows {
    private(set) var columns = ColumnSet(nil)
    private(set) var rows: [JSONValue] = []

    mutating func begin(columns: [String]?) {
        self.columns = ColumnSet(columns)
        rows = []
    }

    mutating func add(_ row: JSONValue) {
        columns.add(row)
        rows.append(row)
    }

    /// Lets the rows go once rendered.
    mutating func release() {
        rows = []
    }
}
