import CEditLine
import Foundation

/// The REPL's line editor: libedit's native `el_*` API with emacs keys, `~/.editrc`, a history
/// file, Ctrl-R search and a completion callback that sees the whole buffer and the cursor.
/// Call it on the main thread only: `el_gets` blocks.
final class LineEditor {
    enum Input {
        case line(String)
        /// Ctrl-C at the prompt: the half-typed line is gone.
        case interrupted
        /// Ctrl-D on an empty line.
        case endOfInput
    }

    /// Given the whole buffer and the cursor (in characters), what could go at the cursor.
    typealias Completer = (_ text: String, _ cursor: Int) -> LineCompletion

    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private let historyPath: String?
    private var promptText: UnsafeMutablePointer<CChar>
    private let completer: Completer

    var prompt: String {
        didSet {
            free(promptText)
            promptText = strdup(prompt)
        }
    }

    init(program: String, historyPath: String?, completer: @escaping Completer) {
        self.historyPath = historyPath
        self.completer = completer
        self.prompt = ""
        self.promptText = strdup("")
        history = ce_history_init()
        ce_history_setsize(history, 2000)
        ce_history_setunique(history, 1)
        if let historyPath { ce_history_load(history, historyPath) }

        editLine = el_init(program, ce_stdin(), ce_stdout(), ce_stderr())
        ce_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        ce_set_prompt(editLine, { el in
            guard let el, let data = ce_get_clientdata(el) else { return nil }
            return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue().promptText
        })
        ce_set_editor(editLine, "emacs")
        // No EL_SIGNAL: its handler re-raises SIGINT with the read restarted, so Ctrl-C would not end el_gets.
        ce_set_signal(editLine, 0)
        ce_set_history(editLine, history)
        ce_use_interruptible_reader(editLine)
        ce_add_function(editLine, "nkq-complete", "Complete the word at the cursor", { el, _ in
            guard let el, let data = ce_get_clientdata(el) else { return UInt8(CC_ERROR) }
            return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue().complete()
        })
        ce_bind(editLine, "^I", "nkq-complete")
        ce_bind(editLine, "^R", "em-inc-search-prev")
        // The user's ~/.editrc (or $EDITRC) last, so that `bind -v` and friends win.
        ce_source(editLine, nil)
    }

    deinit {
        el_end(editLine)
        history_end(history)
        free(promptText)
    }

    func readLine() -> Input {
        var count: Int32 = 0
        guard let raw = ce_gets(editLine, &count) else {
            if ce_take_interrupt() != 0 || (count == -1 && ce_errno() == EINTR) { return .interrupted }
            return .endOfInput
        }
        // A Ctrl-C that arrived while a line was being finished counts as a cancel of that line.
        if ce_take_interrupt() != 0 { return .interrupted }
        var line = String(cString: raw)
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    /// One entry per whole statement; a multi-line statement keeps its newlines.
    func remember(_ entry: String) {
        guard !entry.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        ce_history_enter(history, entry)
    }

    /// Writes the history file (its folder is created, private to the user).
    func saveHistory() {
        guard let historyPath else { return }
        let folder = (historyPath as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        if ce_history_save(history, historyPath) >= 0 {
            chmod(historyPath, 0o600)
        }
    }

    /// Tab: ask the completer, insert the longest common part, list the candidates when it is
    /// ambiguous.
    private func complete() -> UInt8 {
        let buffer = ce_line_buffer(editLine)
        let byteCount = Int(ce_line_length(editLine))
        let cursorBytes = Int(ce_line_cursor(editLine))
        let text = buffer.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: byteCount), as: UTF8.self) } ?? ""
        let before = buffer.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: cursorBytes), as: UTF8.self) } ?? ""
        let cursor = before.count
        let result = completer(text, cursor)
        guard !result.candidates.isEmpty, result.start <= cursor else { return UInt8(CC_REFRESH_BEEP) }
        let typed = String(Array(before)[result.start..<cursor])
        let common = Self.commonPrefix(result.candidates)
        if result.candidates.count == 1 {
            let word = result.candidates[0]
            replace(typed: typed, with: word + (Self.continuesWord(word) ? "" : " "))
            return UInt8(CC_REFRESH)
        }
        if common.count > typed.count {
            replace(typed: typed, with: common)
            return UInt8(CC_REFRESH)
        }
        FileHandle.standardOutput.write(Data(("\n" + Self.columns(result.candidates) + "\n").utf8))
        return UInt8(CC_REDISPLAY)
    }

    private func replace(typed: String, with word: String) {
        if !typed.isEmpty { el_deletestr(editLine, Int32(typed.count)) }
        el_insertstr(editLine, word)
    }

    /// Words after which the user keeps typing the same word (a path, an opened quote).
    private static func continuesWord(_ word: String) -> Bool {
        guard let last = word.last else { return true }
        return last == "/" || last == "." || last == "(" || last == "'"
    }

    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first.map(Array.init) else { return "" }
        for word in words.dropFirst() {
            let chars = Array(word)
            var n = 0
            while n < prefix.count, n < chars.count, prefix[n] == chars[n] { n += 1 }
            prefix = Array(prefix[0..<n])
        }
        return String(prefix)
    }

    /// Candidates laid out in columns for an 80-column terminal.
    static func columns(_ words: [String], width: Int = 80) -> String {
        let cell = (words.map(\.count).max() ?? 0) + 2
        let perRow = max(1, width / cell)
        var lines: [String] = []
        var index = 0
        while index < words.count {
            let row = words[index..<min(index + perRow, words.count)]
            lines.append(row.map { $0.padding(toLength: cell, withPad: " ", startingAt: 0) }.joined()
                .trimmingCharacters(in: .whitespaces))
            index += perRow
        }
        return lines.joined(separator: "\n")
    }
}
