/// How a table's columns share the terminal: what identifies a row (numbers, ids, codes, dates,
/// timestamps) is never cut; empty columns give way first, then nested values, then text, each
/// down to a small minimum; when even that does not fit, columns are left out, empty ones first,
/// then from the right (the column order puts what matters most first); the first is kept.
struct TableLayout: Equatable {
    /// What a column gives up when room is short, in the order columns give way.
    enum Give: Int, Comparable {
        /// Only nulls: shrinks to almost nothing.
        case empty
        /// Nested values, shown in brief.
        case nested
        /// Free text.
        case text
        /// Numbers, booleans, identifiers, dates and timestamps: never cut.
        case never

        static func < (a: Give, b: Give) -> Bool { a.rawValue < b.rawValue }
    }

    struct Column: Equatable {
        /// The widest cell or the header.
        var natural: Int
        /// The narrowest it may get.
        var minimum: Int
        var give: Give
    }

    /// The columns shown, by index into the input, and their widths.
    var shown: [Int]
    var widths: [Int]

    /// Narrowest a cut text or nested column gets (or its natural width when smaller).
    static let minimumColumnWidth = 6
    /// Narrowest the header of an identifier column is cut to (`contractId` stays whole).
    static let shortestCutHeader = 10

    /// The layout for `available` terminal columns; nil `available` means no fitting.
    static func fit(_ columns: [Column], available: Int?) -> TableLayout {
        let all = Array(columns.indices)
        guard let available else { return TableLayout(shown: all, widths: columns.map(\.natural)) }
        var shown = all
        while true {
            let chosen = shown.map { columns[$0] }
            if let widths = shrink(chosen, room: available - overhead(shown.count)) {
                return TableLayout(shown: shown, widths: widths)
            }
            guard shown.count > 1 else {
                // One column that does not fit even at its minimum: cut it to the room.
                return TableLayout(shown: shown, widths: [max(1, available - overhead(1))])
            }
            // Leave out an empty column, else the rightmost (the order puts what matters most
            // first); never the first column.
            let rest = shown.indices.dropFirst()
            guard let victim = rest.last(where: { columns[shown[$0]].give == .empty }) ?? rest.last else { break }
            shown.remove(at: victim)
        }
        return TableLayout(shown: shown, widths: shown.map { columns[$0].natural })
    }

    /// Borders and padding: `│ a │ b │`.
    static func overhead(_ count: Int) -> Int { 3 * count + 1 }

    /// Widths within `room`, cutting tier by tier (empty, nested, the headers of identifier
    /// columns, text), the widest columns of a tier first; nil when every tier at its minimum is
    /// still too wide.
    static func shrink(_ columns: [Column], room: Int) -> [Int]? {
        var widths = columns.map(\.natural)
        if widths.reduce(0, +) <= room { return widths }
        // Long headers over short identifiers (`ownerParticipantNumber` over `10004`) are cut
        // before text, whose values say more than a header does.
        for tier in [Give.empty, .nested, .never, .text] {
            let members = columns.indices.filter { columns[$0].give == tier }
            guard !members.isEmpty else { continue }
            func total(cap: Int) -> Int {
                var sum = 0
                for i in columns.indices {
                    sum += columns[i].give == tier ? max(columns[i].minimum, min(columns[i].natural, cap)) : widths[i]
                }
                return sum
            }
            var low = 0
            var high = members.map { columns[$0].natural }.max() ?? 0
            while low < high {
                let mid = (low + high + 1) / 2
                if total(cap: mid) <= room { low = mid } else { high = mid - 1 }
            }
            for i in members { widths[i] = max(columns[i].minimum, min(columns[i].natural, low)) }
            let used = widths.reduce(0, +)
            if used <= room {
                // Share what is left one column at a time, so the room is used to the last column.
                var slack = room - used
                var k = 0
                while slack > 0, members.contains(where: { widths[$0] < columns[$0].natural }) {
                    let i = members[k % members.count]
                    if widths[i] < columns[i].natural {
                        widths[i] += 1
                        slack -= 1
                    }
                    k += 1
                }
                return widths
            }
        }
        return nil
    }
}
