import Foundation
import NKQTestSupport

/// Drives an interactive `nkq` in a detached tmux session (120×30 unless told) on a private tmux server,
/// the way a person at a terminal would: keys in, screen text out.
final class TmuxSession {
    static let available: Bool = FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")
        || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/tmux")

    private let socket = "nkq-test-" + UUID().uuidString.prefix(8)

    /// Starts `command` (already shell-quoted) in a fresh session; the pane stays after it exits.
    init(_ command: String, width: Int = 120, height: Int = 30) throws {
        try tmux(["new-session", "-d", "-s", "t", "-x", "\(width)", "-y", "\(height)",
                  "sh -c " + Self.quote("sleep 0.3; exec " + command)])
        try tmux(["set-option", "-t", "t", "remain-on-exit", "on"])
    }

    deinit { _ = try? tmux(["kill-server"]) }

    /// `keys` as `tmux send-keys` takes them: literal text, or names such as `Tab`, `Enter`, `C-c`, `Up`.
    func send(_ keys: String...) throws {
        try tmux(["send-keys", "-t", "t"] + keys)
    }

    /// Text typed literally (no key-name lookup), e.g. with spaces and æøå.
    func type(_ text: String) throws {
        try tmux(["send-keys", "-t", "t", "-l", text])
    }

    /// A line typed and entered.
    func enter(_ line: String) throws {
        try type(line)
        try send("Enter")
    }

    /// `text` pasted as a terminal pastes it: wrapped in bracketed-paste marks when the program
    /// asked for them, newlines sent as carriage returns.
    func paste(_ text: String) throws {
        try tmux(["set-buffer", "-b", "nkq-paste", text])
        try tmux(["paste-buffer", "-p", "-d", "-b", "nkq-paste", "-t", "t"])
    }

    func screen() throws -> String {
        try tmux(["capture-pane", "-t", "t", "-p"])
    }

    /// Polls the screen until `predicate` holds (at most `seconds`), sleeping rather than blocking a
    /// thread the other tests share; returns the last screen.
    @discardableResult
    func waitFor(_ seconds: Double = 10, _ predicate: (String) -> Bool) async throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var text = try screen()
        while !predicate(text), Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
            text = try screen()
        }
        return text
    }

    @discardableResult
    func waitFor(_ needle: String, seconds: Double = 10) async throws -> String {
        try await waitFor(seconds) { $0.contains(needle) }
    }

    /// Polls until `prompt` is on the screen at least `count` times: the REPL is reading keys
    /// again. Keys sent earlier meet a terminal in cooked mode while a statement runs, where
    /// Ctrl-R, Ctrl-G and the like are the terminal driver's and never reach nkq.
    @discardableResult
    func waitForPrompt(_ prompt: String, count: Int, seconds: Double = 10) async throws -> String {
        try await waitFor(seconds) { $0.components(separatedBy: prompt).count > count }
    }

    /// What `exitStatus` says when the pane is dead but this tmux does not report the status.
    static let unknownStatus = -1

    /// The exit status of the program once it has ended (polled, at most `seconds`); nil while it runs.
    func exitStatus(within seconds: Double = 10) async throws -> Int? {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            let state = try tmux(["display-message", "-p", "-t", "t", "#{pane_dead} #{pane_dead_status}"])
                .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
            if state.first == "1" { return state.count > 1 ? Int(state[1]) ?? Self.unknownStatus : Self.unknownStatus }
            try await Task.sleep(for: .milliseconds(50))
        } while Date() < deadline
        return nil
    }

    /// The non-empty lines of the screen, trailing blanks trimmed.
    func lines() throws -> [String] {
        try screen().split(separator: "\n").map { String($0).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
            .filter { !$0.isEmpty }
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        // posix_spawn + waitpid, not Foundation's Process: the tmux client that forks the
        // server was left a zombie that Process never reaped, so waitUntilExit hung.
        let output = NSTemporaryDirectory() + "nkq-tmux-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: output) }
        let command = (["tmux", "-L", socket] + arguments).map(Self.quote).joined(separator: " ")
            + " </dev/null >" + Self.quote(output) + " 2>/dev/null"
        let words: [String] = ["/bin/sh", "-c", command]
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/sh", nil, nil, argv, environ) == 0 else { throw TmuxError.cannotStart }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }

    enum TmuxError: Error { case cannotStart }

    static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// `env -i` + the variables, then the binary and its arguments, quoted for sh.
    static func command(environment: [String: String], binary: String, arguments: [String]) -> String {
        (["env", "-i"] + environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } + [binary] + arguments)
            .map(quote).joined(separator: " ")
    }
}
