import CEditLine
import Foundation

/// The interactive shell: reads statements with libedit, runs them through the session, and
/// keeps going after errors and Ctrl-C. Runs on the main actor, because `el_gets` must be called
/// from the main thread.
@MainActor
public final class REPL {
    let session: ShellSession
    let historyPath: String?
    /// How many entries the history file keeps (the newest).
    let historySize: Int

    public init(session: ShellSession, historyPath: String?, historySize: Int = 2000) {
        self.session = session
        self.historyPath = historyPath
        self.historySize = historySize
    }

    /// The primary prompt, `nkq(sim)> `.
    var prompt: String { "nkq(\(session.runner.promptName))> " }

    /// The continuation prompt, as wide as the primary one and saying what is open: `      |…> `.
    func continuationPrompt(_ reason: String) -> String {
        let tail = "\(reason)> "
        return String(repeating: " ", count: max(0, prompt.count - tail.count)) + tail
    }

    /// Until `.quit` or Ctrl-D. The exit status is 0: errors were reported as they happened.
    public func run() async -> ExitStatus {
        let session = self.session
        let editor = LineEditor(program: "nkq", historyPath: historyPath, historySize: historySize,
                                bracketedPaste: isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb") { text, cursor in
            MainActor.assumeIsolated { REPLCompleter(runner: session.runner).completions(in: text, cursor: cursor) }
        }
        StandardError.write(banner())
        var buffer = ""
        var openReason: String?
        loop: while true {
            editor.prompt = openReason.map(continuationPrompt) ?? prompt
            editor.context = buffer.isEmpty ? "" : buffer + "\n"
            switch editor.readLine() {
            case .endOfInput:
                StandardError.write("\n")
                break loop
            case .interrupted:
                // Ctrl-C at the prompt drops the line (and an open statement), keeps the session.
                buffer = ""
                openReason = nil
                StandardError.write("\n")
            case .line(let line):
                let text = buffer.isEmpty ? line : buffer + "\n" + line
                // A pasted block (several lines) is a script chunk: dot-commands and statements
                // in it run in order, and a line that starts with `|` goes on the statement before.
                if buffer.isEmpty, !line.contains("\n"), line.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix(".") {
                    editor.remember(line)
                    if await session.run(SourceText(line), mode: .interactive).quit { break loop }
                    continue
                }
                let state = openState(of: text)
                if !state.isComplete {
                    buffer = text
                    openReason = state.prompt
                } else if text.allSatisfy(\.isWhitespace) {
                    buffer = ""
                    openReason = nil
                } else {
                    buffer = ""
                    openReason = nil
                    editor.remember(text)
                    _ = ce_take_interrupt()
                    if await session.run(SourceText(text), mode: .interactive).quit { break loop }
                }
            }
        }
        editor.saveHistory()
        return .ok
    }

    /// Whether the statement text at the end of `text` is still open (a chunk may start with
    /// dot-commands).
    func openState(of text: String) -> OpenState {
        let source = SourceText(text)
        guard case .statements(let region)? = ScriptReader.pieces(of: source).last else { return .complete }
        return StatementSplitter.openState(source.slice(region))
    }

    func banner() -> String {
        """
        nkq \(NKQVersion.current): a query shell for the NOBB Kontrakt API
        target: \(session.runner.targetSummary)
        Type .help for help, .quit or Ctrl-D to leave.\n
        """
    }
}

/// Tab completion: dot-commands and their arguments here, statements through the runner.
struct REPLCompleter {
    let runner: StatementRunner

    func completions(in text: String, cursor: Int) -> LineCompletion {
        let chars = Array(text)
        let before = String(chars[0..<min(cursor, chars.count)])
        let trimmed = before.drop { $0 == " " || $0 == "\t" }
        guard trimmed.hasPrefix(".") else { return runner.completions(in: text, cursor: cursor) }
        let indent = before.count - trimmed.count
        // `.na` → command names
        if !trimmed.contains(" ") {
            let typed = String(trimmed.dropFirst()).lowercased()
            let names = DotCommand.definitions.map(\.name).filter { $0.hasPrefix(typed) }.map { "." + $0 }
            return LineCompletion(start: indent, candidates: names)
        }
        let parts = trimmed.split(separator: " ", omittingEmptySubsequences: false)
        let name = String(parts[0].dropFirst()).lowercased()
        let word = String(parts.last ?? "")
        let start = cursor - word.count
        guard parts.count == 2, let definition = DotCommand.definition(named: name) else { return .none(at: cursor) }
        if definition.name == "read" || definition.name == "output" {
            return LineCompletion(start: start, candidates: FileNameCompletion.candidates(for: word))
        }
        return LineCompletion(start: start, candidates: definition.arguments.filter { $0.hasPrefix(word.lowercased()) })
    }
}
