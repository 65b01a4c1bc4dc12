/// Cuts input into the pieces the shell runs, in order: dot-commands (a line that starts with
/// `.` where no statement is open) and regions of statement text that the parser splits into
/// statements. Scripts, `-c` texts, `.read` files and REPL input all go through it.
enum ScriptReader {
    enum Piece: Equatable {
        /// A dot-command line, without its newline.
        case command(String, span: SourceSpan)
        /// Lines that form whole statements (or the unfinished rest at the end of the input).
        case statements(SourceSpan)
    }

    /// A region runs until a dot-command line or the end; the parser splits it into statements
    /// (so a statement may go on in a line that starts with `|`, `and` or `or`). Whether the
    /// text before a `.` line is complete is asked only there, which keeps long scripts linear.
    static func pieces(of source: SourceText) -> [Piece] {
        var out: [Piece] = []
        var regionStart: Int?
        var offset = 0
        let chars = source.characters
        while offset < chars.count {
            var end = offset
            while end < chars.count, !chars[end].isNewline { end += 1 }
            let lineEnd = min(end + 1, chars.count)
            let line = String(chars[offset..<end])
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if let start = regionStart, trimmed.hasPrefix("."),
               StatementSplitter.openState(source.slice(SourceSpan(start: start, end: offset))).isComplete
            {
                out.append(.statements(SourceSpan(start: start, end: offset)))
                regionStart = nil
            }
            if regionStart == nil {
                if offset == 0, line.hasPrefix("#!") {
                    // `#!/usr/bin/env -S nkq -f`
                } else if trimmed.hasPrefix(".") {
                    out.append(.command(String(trimmed), span: SourceSpan(start: end - trimmed.count, end: end)))
                } else {
                    regionStart = offset
                }
            }
            offset = lineEnd
        }
        if let start = regionStart {
            out.append(.statements(SourceSpan(start: start, end: chars.count)))
        }
        return out
    }
}
