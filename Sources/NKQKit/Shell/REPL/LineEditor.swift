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

    let editLine: OpaquePointer
    let history: OpaquePointer
    private let historyPath: String?
    private let historySize: Int
    /// What this session entered, added to the file at the end (other sessions' entries stay).
    private var entered: [String] = []
    private var promptText: UnsafeMutablePointer<CChar>
    private let completer: Completer
    /// The lines of the open statement before the one being edited (each ends in a newline),
    /// so that completion sees the whole statement.
    var context = ""
    /// Whether the terminal is asked to mark pasted text (bracketed paste).
    private let bracketedPaste: Bool

    var prompt: String {
        didSet { showPrompt(prompt) }
    }

    /// Shows `text` as the prompt without changing `prompt` (the search prompt).
    func showPrompt(_ text: String) {
        free(promptText)
        promptText = strdup(text)
        shownPrompt = text
    }

    /// The prompt libedit draws now.
    private(set) var shownPrompt = ""

    init(program: String, historyPath: String?, historySize: Int = 2000, bracketedPaste: Bool = false,
         completer: @escaping Completer) {
        self.historyPath = historyPath
        self.historySize = max(1, historySize)
        self.bracketedPaste = bracketedPaste
        self.completer = completer
        self.prompt = ""
        self.promptText = strdup("")
        history = ce_history_init()
        ce_history_setsize(history, Int32(clamping: self.historySize))
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
        ce_add_function(editLine, "nkq-search", "Search the history backwards", { el, _ in
            guard let el, let data = ce_get_clientdata(el) else { return UInt8(CC_ERROR) }
            return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue().searchHistory()
        })
        ce_bind(editLine, "^R", "nkq-search")
        ce_add_function(editLine, "nkq-paste", "Take a pasted block whole", { el, _ in
            guard let el, let data = ce_get_clientdata(el) else { return UInt8(CC_ERROR) }
            return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue().takePaste()
        })
        ce_bind(editLine, "\\e[200~", "nkq-paste")
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
        if bracketedPaste { FileHandle.standardOutput.write(Data("\u{1B}[?2004h".utf8)) }
        let raw = ce_gets(editLine, &count)
        if bracketedPaste { FileHandle.standardOutput.write(Data("\u{1B}[?2004l".utf8)) }
        guard let raw else {
            if ce_take_interrupt() != 0 || (count == -1 && ce_errno() == EINTR) { return .interrupted }
            return .endOfInput
        }
        // A Ctrl-C that arrived while a line was being finished counts as a cancel of that line.
        if ce_take_interrupt() != 0 { return .interrupted }
        var line = String(cString: raw)
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    /// Ends the line as Enter does, for a key handler (a paste, the history search) that runs it.
    /// Returning CC_NEWLINE from the handler would skip libedit's own newline function, which
    /// ends the buffer after the line: el_gets would then hand back the line followed by the
    /// rest of a longer earlier line still in the buffer, and an empty line as the end of input.
    /// So the handler pushes a carriage return for libedit to read next, and lets it redraw the line.
    func acceptLine() -> UInt8 {
        ce_push(editLine, "\r")
        return UInt8(CC_REFRESH)
    }

    /// One entry per whole statement; a multi-line statement keeps its newlines.
    func remember(_ entry: String) {
        guard !entry.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        ce_history_enter(history, entry)
        entered.append(entry)
    }

    /// Adds this session's entries to the history file: under a lock, the file as it is now
    /// (other sessions may have added to it since this one started) plus these entries, the
    /// oldest dropped past the cap. Its folder is created, private to the user.
    func saveHistory() {
        guard let historyPath, !entered.isEmpty else { return }
        let folder = (historyPath as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        let descriptor = open(historyPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX) == 0 else { return }
        defer { flock(descriptor, LOCK_UN) }
        guard let merged = ce_history_init() else { return }
        defer { history_end(merged) }
        ce_history_setsize(merged, Int32(clamping: historySize))
        ce_history_setunique(merged, 1)
        ce_history_load(merged, historyPath)
        for entry in entered { ce_history_enter(merged, entry) }
        if ce_history_save(merged, historyPath) >= 0 {
            chmod(historyPath, 0o600)
            entered = []
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
        // The earlier lines of the statement come first, so `get contracts |` ⏎ `sel` completes.
        var result = completer(context + text, context.count + cursor)
        result.start -= context.count
        guard !result.candidates.isEmpty, result.start >= 0, result.start <= cursor else { return UInt8(CC_REFRESH_BEEP) }
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
        FileOutput.standardOutput.write("\n" + Self.columns(result.candidates) + "\n")
        try? FileOutput.standardOutput.flush()
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
