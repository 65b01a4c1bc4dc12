import Foundation

/// Drives an interactive `nkq` in a detached tmux session of 120×30 on a private tmux server,
/// the way a person at a terminal would: keys in, screen text out.
final class TmuxSession {
    static let available: Bool = FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")
        || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/tmux")

    private let socket = "nkq-test-" + UUID().uuidString.prefix(8)

    /// Starts `command` (already shell-quoted) in a fresh session; the pane stays after it exits.
    init(_ command: String) throws {
        try tmux(["new-session", "-d", "-s", "t", "-x", "120", "-y", "30", "sh -c " + Self.quote(command + "; echo \"[exited $?]\"; sleep 60")])
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

    func screen() throws -> String {
        try tmux(["capture-pane", "-t", "t", "-p"])
    }

    /// Polls the screen until `predicate` holds (at most `seconds`); returns the last screen.
    @discardableResult
    func waitFor(_ seconds: Double = 10, _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var text = try screen()
        while !predicate(text), Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            text = try screen()
        }
        return text
    }

    @discardableResult
    func waitFor(_ needle: String, seconds: Double = 10) throws -> String {
        try waitFor(seconds) { $0.contains(needle) }
    }

    /// The non-empty lines of the screen, trailing blanks trimmed.
    func lines() throws -> [String] {
        try screen().split(separator: "\n").map { String($0).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
            .filter { !$0.isEmpty }
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tmux", "-L", socket] + arguments
        // Only capture-pane's output is read: the server that new-session forks would keep a
        // captured pipe open, and reading it to the end would never finish.
        let capture = arguments.first == "capture-pane"
        let out = Pipe()
        process.standardOutput = capture ? out : FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = capture ? out.fileHandleForReading.readDataToEndOfFile() : Data()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// `env -i` + the variables, then the binary and its arguments, quoted for sh.
    static func command(environment: [String: String], binary: String, arguments: [String]) -> String {
        (["env", "-i"] + environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } + [binary] + arguments)
            .map(quote).joined(separator: " ")
    }
}
