import CEditLine
import Foundation

/// Ctrl-R as in bash and sqlite3: typing narrows the search, Ctrl-R again goes to an older
/// match, Enter runs the match, arrows and other editing keys accept it (and then act), Ctrl-G
/// gives the line back as it was. libedit's own search inserts the rest of an arrow's escape
/// sequence into the line and does not repeat, so nkq has its own.
extension LineEditor {
    func searchHistory() -> UInt8 {
        let original = currentLine()
        var entries: [String] = []
        var next = ce_history_first(history)
        while let entry = next {
            entries.append(String(cString: entry))
            next = ce_history_next(history)
        }
        var query = ""
        var index = 0  // the entry shown, or where the search goes on from
        var found: Int?
        var failed = false

        /// The first entry at or past `from` that holds the query (and differs from `skipping`).
        func search(from: Int, skipping: String? = nil) -> Int? {
            guard !query.isEmpty else { return nil }
            var i = from
            while i < entries.count {
                if entries[i].contains(query), entries[i] != skipping { return i }
                i += 1
            }
            return nil
        }
        func show() {
            redraw {
                showPrompt("(\(failed ? "failed " : "")reverse-i-search)`\(query)': ")
                let line = found.map { entries[$0] } ?? original
                ce_replace_line(editLine, line)
                if let found, let range = entries[found].range(of: query) {
                    let after = entries[found][range.lowerBound...].unicodeScalars.count
                    ce_move_cursor(editLine, Int32(clamping: -after))
                }
            }
        }
        func finish(restoring: Bool) {
            redraw {
                showPrompt(prompt)
                if restoring { ce_replace_line(editLine, original) }
            }
        }

        show()
        while true {
            var key: wchar_t = 0
            guard ce_getc(editLine, &key) == 1, let scalar = Unicode.Scalar(UInt32(bitPattern: key)) else {
                // Ctrl-C (or the end of input): the line is dropped, as at the prompt.
                finish(restoring: true)
                return UInt8(CC_EOF)
            }
            switch scalar {
            case "\u{12}":  // Ctrl-R: an older match
                if let current = found, let older = search(from: current + 1, skipping: entries[current]) {
                    failed = false
                    found = older
                    index = older
                } else if !query.isEmpty {
                    failed = true
                }
            case "\u{07}":  // Ctrl-G: cancel
                finish(restoring: true)
                return UInt8(CC_REFRESH)
            case "\r", "\n":
                finish(restoring: false)
                return acceptLine()
            case "\u{7F}", "\u{08}":  // Backspace: a shorter query, searched again from the newest
                if !query.isEmpty { query.removeLast() }
                index = 0
                found = search(from: 0)
                failed = found == nil && !query.isEmpty
            case "\u{1B}":
                // An arrow or other escape sequence accepts the match, read whole and then
                // handed back to the editor to act (Right moves right), so none of its bytes
                // lands in the line as text.
                var sequence = "\u{1B}"
                var key: wchar_t = 0
                if ce_getc(editLine, &key) == 1, let second = Unicode.Scalar(UInt32(bitPattern: key)) {
                    sequence.unicodeScalars.append(second)
                    if second == "[" || second == "O" {
                        while ce_getc(editLine, &key) == 1, let next = Unicode.Scalar(UInt32(bitPattern: key)) {
                            sequence.unicodeScalars.append(next)
                            if (0x40...0x7E).contains(next.value) { break }
                        }
                    }
                }
                finish(restoring: false)
                ce_push(editLine, sequence)
                return UInt8(CC_REFRESH)
            default:
                if scalar.value < 0x20 {
                    // Another editing key (Ctrl-A, Ctrl-E, Tab, …): accept, then let it act.
                    finish(restoring: false)
                    ce_push(editLine, String(Character(scalar)))
                    return UInt8(CC_REFRESH)
                }
                query.unicodeScalars.append(scalar)
                if let match = search(from: index) {
                    found = match
                    index = match
                    failed = false
                } else {
                    failed = true
                }
            }
            show()
        }
    }

    /// Runs `change` (prompt, line, cursor) and draws the line anew. libedit's EL_REFRESH draws
    /// from where it takes the line to start (column 0 of the prompt's first row), so the
    /// terminal's cursor is first taken there and what is below it cleared.
    func redraw(_ change: () -> Void) {
        let width = max(1, TerminalCapabilities.windowWidth(STDOUT_FILENO) ?? 80)
        let before = shownPrompt + currentLine(upToCursor: true)
        var rows = 0
        for (i, segment) in before.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if i > 0 { rows += 1 }
            rows += TextWidth.visibleWidth(String(segment)) / width
        }
        change()
        FileHandle.standardOutput.write(Data(((rows > 0 ? "\u{1B}[\(rows)A" : "") + "\r\u{1B}[J").utf8))
        ce_refresh(editLine)
    }

    /// The line being edited, as text.
    func currentLine(upToCursor: Bool = false) -> String {
        guard let buffer = ce_line_buffer(editLine) else { return "" }
        let count = Int(upToCursor ? ce_line_cursor(editLine) : ce_line_length(editLine))
        return String(decoding: UnsafeRawBufferPointer(start: buffer, count: count), as: UTF8.self)
    }
}
