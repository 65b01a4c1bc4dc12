/// Cuts input into the pieces the shell runs, in order: dot-commands (a line that starts with
/// `.` where no statement is open) and regions of statement text that the engine splits into
/// statements. Scripts, `-c` texts, `.read` files and REPL input all go through it.
struct ScriptReader {
    enum Piece: Equatable {
        /// A dot-command line, without its newline.
        case command(String, span: SourceSpan)
        /// Lines that form whole statements (or the unfinished rest at the end of the input).
        case statements(SourceSpan)
    }

    let engine: any StatementEngine

    func pieces(of source: SourceText) -> [Piece] {
        var out: [Piece] = []
        var regionStart: Int?
        var offset = 0
        let chars = source.characters
        while offset < chars.count {
            var end = offset
            while end < chars.count, !chars[end].isNewline { end += 1 }
            let lineEnd = min(end + 1, chars.count)
            let line = String(chars[offset..<end])
            if regionStart == nil {
                let trimmed = line.drop { $0 == " " || $0 == "\t" }
                if offset == 0, line.hasPrefix("#!") {
                    // `#!/usr/bin/env -S nkq -f`
                } else if trimmed.hasPrefix(".") {
                    out.append(.command(String(trimmed), span: SourceSpan(start: end - trimmed.count, end: end)))
                } else {
                    regionStart = offset
                }
            }
            if let start = regionStart {
                let region = SourceSpan(start: start, end: lineEnd)
                if engine.continuation(of: source.slice(region)).isComplete {
                    out.append(.statements(region))
                    regionStart = nil
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
