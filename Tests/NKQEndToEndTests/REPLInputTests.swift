import Foundation
import NKQTestSupport
import Testing

/// What a person types or pastes at the REPL is never lost or garbled, driven through tmux.
@Suite(.enabled(if: TmuxSession.available, "tmux is not installed"), .serialized, .timeLimit(.minutes(2)))
struct REPLInputTests {
    let nkq = NKQProcess()

    /// nkq on the offline target (no query is sent), a private HOME shared by the sessions of one test.
    private func start() async throws -> TmuxSession {
        var env = nkq.environment
        env["TERM"] = "xterm-256color"
        let session = try TmuxSession(TmuxSession.command(environment: env, binary: NKQBinary.path,
                                                          arguments: NKQProcess.offlineTarget))
        _ = try await session.waitFor("nkq(127.0.0.1)>")
        return session
    }

    /// nkq on the embedded simulator.
    private func startOnSimulator() async throws -> TmuxSession {
        var env = nkq.environment
        env["TERM"] = "xterm-256color"
        let session = try TmuxSession(TmuxSession.command(environment: env, binary: NKQBinary.path, arguments: []))
        _ = try await session.waitFor("nkq(sim)>")
        return session
    }

    @Test func theLineTypedAfterCtrlCDuringAStatementRuns() async throws {
        let sim = try SimProcess(["--latency", "700"])
        defer { withExtendedLifetime(sim) {} }  // the simulator serves until the test ends
        var env = nkq.environment
        env["TERM"] = "xterm-256color"
        // The rows in hand at the interrupt vary with the machine's load; more than the pane
        // holds would go to a pager, which would read the line typed next.
        env["NKQ_PAGER"] = "cat"
        env["NKQ_CLIENT_ID"] = "demo"
        env["NKQ_CLIENT_SECRET"] = "demo-secret"
        let s = try TmuxSession(TmuxSession.command(environment: env, binary: NKQBinary.path, arguments: sim.target))
        _ = try await s.waitFor("nkq(127.0.0.1)>")
        try s.enter("get contracts where supplier = 10004 | select contractId")
        _ = try await s.waitFor("calls")  // the progress line: the statement is running
        // Twice, as people do: the second lands while the statement is already stopping, and
        // must not cancel the line typed next.
        try s.send("C-c")
        try s.send("C-c")
        _ = try await s.waitFor("interrupted")
        try await s.waitFor { $0.components(separatedBy: "nkq(127.0.0.1)>").count >= 3 }
        try s.enter(".params")
        let screen = try await s.waitFor("no parameters bound")
        #expect(screen.contains("no parameters bound"), "\(screen)")
    }

    @Test func ctrlRFindsOlderMatchesAndAnArrowAcceptsWithoutEscapeBytes() async throws {
        let s = try await start()
        try s.enter("let a = 1")
        try s.enter("let b = 2")
        try s.enter(".params")
        _ = try await s.waitFor("$b = 2")
        try await s.waitForPrompt("nkq(127.0.0.1)>", count: 4)
        try s.send("C-r")
        try s.type("let")
        let newest = try await s.waitFor("(reverse-i-search)`let': let b = 2")
        #expect(newest.contains("(reverse-i-search)`let': let b = 2"))
        try s.send("C-r")
        let older = try await s.waitFor("(reverse-i-search)`let': let a = 1")
        #expect(older.contains("(reverse-i-search)`let': let a = 1"))
        try s.send("Right")
        _ = try await s.waitFor("nkq(127.0.0.1)> let a = 1")
        try s.send("C-e")
        try s.enter("0")
        try s.enter(".params")
        let screen = try await s.waitFor("$a = 10")
        #expect(screen.contains("$a = 10"), "\(screen)")
        #expect(!screen.contains("[C"))
        #expect(!screen.contains("reverse-i-search"), "the search prompt is gone once accepted: \(screen)")
    }

    @Test func ctrlGGivesTheLineBack() async throws {
        let s = try await start()
        try s.enter("let a = 1")
        try await s.waitForPrompt("nkq(127.0.0.1)>", count: 2)
        try s.type("let z")
        try s.send("C-r")
        try s.type("a =")
        _ = try await s.waitFor("`a =': let a = 1")
        try s.send("C-g")
        _ = try await s.waitFor { $0.hasSuffix("nkq(127.0.0.1)> let z") || $0.contains("nkq(127.0.0.1)> let z\n") }
        try s.enter(" = 5")
        try s.enter(".params")
        let screen = try await s.waitFor("$z = 5")
        #expect(screen.contains("$z = 5"), "\(screen)")
        #expect(!screen.contains("reverse-i-search)`a =': let a = 1\nnkq"))
    }

    @Test func ctrlRAndEnterRunsTheMatch() async throws {
        let s = try await start()
        try s.enter("let q = 7")
        try await s.waitForPrompt("nkq(127.0.0.1)>", count: 2)
        try s.send("C-r")
        try s.type("q =")
        _ = try await s.waitFor("`q =': let q = 7")
        try s.send("Enter")
        try s.enter(".params")
        #expect(try await s.waitFor("$q = 7").contains("$q = 7"))
    }

    @Test func completionSeesTheLinesBeforeAContinuationLine() async throws {
        let s = try await start()
        try s.enter("get contracts |")
        _ = try await s.waitFor("|…>")
        try s.type("sel")
        try s.send("Tab")
        let screen = try await s.waitFor("|…> select")
        #expect(screen.contains("|…> select"), "\(screen)")
    }

    @Test func twoSessionsBothKeepTheirHistory() async throws {
        let first = try await start()
        let second = try await start()
        try first.enter("let one = 1")
        try second.enter("let two = 2")
        _ = try await first.waitFor("> let one = 1\nnkq(127.0.0.1)>")
        _ = try await second.waitFor("> let two = 2\nnkq(127.0.0.1)>")
        try first.send("C-d")
        _ = try await first.exitStatus()
        try second.send("C-d")
        _ = try await second.exitStatus()
        let history = try String(contentsOfFile: nkq.home.path + "/state/nkq/history", encoding: .utf8)
        // libedit's file encodes spaces as \040.
        #expect(history.contains(#"let\040one\040=\0401"#), "\(history)")
        #expect(history.contains(#"let\040two\040=\0402"#), "\(history)")
    }

    @Test func theHistoryFileKeepsTheNewestEntriesUpToTheCap() async throws {
        var env = nkq.environment
        env["TERM"] = "xterm-256color"
        env["NKQ_HISTSIZE"] = "2"
        for n in 1...3 {
            let s = try TmuxSession(TmuxSession.command(environment: env, binary: NKQBinary.path,
                                                        arguments: NKQProcess.offlineTarget))
            _ = try await s.waitFor("nkq(127.0.0.1)>")
            try s.enter("let v\(n) = \(n)")
            _ = try await s.waitFor("> let v\(n) = \(n)\nnkq(127.0.0.1)>")
            try s.send("C-d")
            _ = try await s.exitStatus()
        }
        let history = try String(contentsOfFile: nkq.home.path + "/state/nkq/history", encoding: .utf8)
        #expect(!history.contains(#"let\040v1"#), "\(history)")
        #expect(history.contains(#"let\040v2"#) && history.contains(#"let\040v3"#), "\(history)")
    }

    @Test func aPastedBlockIsReadAsAScriptChunk() async throws {
        let s = try await startOnSimulator()
        try s.paste("get contracts where supplier = 10004 | select contractId\n| count\n")
        let screen = try await s.waitFor("1 row")
        #expect(!screen.contains("error"), "\(screen)")
        #expect(screen.contains("count"), "\(screen)")
    }

    /// The history file's entries once the session has ended (libedit writes a space as \040).
    private func savedHistory(_ s: TmuxSession) async throws -> [String] {
        try s.send("C-d")
        _ = try await s.exitStatus()
        return try String(contentsOfFile: nkq.home.path + "/state/nkq/history", encoding: .utf8)
            .split(separator: "\n").map { $0.replacingOccurrences(of: #"\040"#, with: " ") }
    }

    @Test func aLinePastedAfterALongerOneRunsAsPasted() async throws {
        let s = try await startOnSimulator()
        try s.enter("get zones where supplier = 10012 | count")
        try await s.waitForPrompt("nkq(sim)>", count: 2)
        try s.paste("get zones where supplier = 10017\n")
        let screen = try await s.waitForPrompt("nkq(sim)>", count: 3)
        // The pasted line ends as a typed one does (the result starts on a line of its own), and
        // shows the zones, not the count of the line before.
        let after = screen.components(separatedBy: "nkq(sim)> get zones where supplier = 10017\n").dropFirst().joined()
        #expect(after.contains("[4 zones]"), "\(screen)")
        #expect(!after.contains("count"), "\(screen)")
        #expect(!screen.contains("error"), "\(screen)")
        let history = try await savedHistory(s)
        #expect(history.suffix(2) == ["get zones where supplier = 10012 | count", "get zones where supplier = 10017"],
                "\(history)")
    }

    @Test func aBlockPastedAfterALongerLineRunsAsPasted() async throws {
        let s = try await startOnSimulator()
        try s.enter("get contracts where supplier in (10012, 10017, 10018) | select contractId, supplier | count")
        try await s.waitForPrompt("nkq(sim)>", count: 2)
        try s.paste("get contracts where supplier = 10004\n| count\n")
        let screen = try await s.waitForPrompt("nkq(sim)>", count: 3)
        #expect(screen.contains("│   120 │"), "\(screen)")
        #expect(!screen.contains("error"), "\(screen)")
        let history = try await savedHistory(s)
        #expect(history.last == #"get contracts where supplier = 10004\012| count"#, "\(history)")
    }

    /// A line typed and dropped with Ctrl-C, one recalled with Up, a line with the cursor moved
    /// back: each runs as the screen shows it once a paste went in.
    @Test func aPasteRunsTheLineShownAfterCtrlCUpAndInTheMiddle() async throws {
        let s = try await start()
        let prompt = "nkq(127.0.0.1)>"
        try s.enter("let long = 'abcdefghijklmnopqrstuvwxyz0123456789'")
        try await s.waitForPrompt(prompt, count: 2)
        try s.type("let dropped = 'zyxwvutsrqponmlkjihgfedcba'")
        try s.send("C-c")
        try await s.waitForPrompt(prompt, count: 3)
        try s.paste("let x = 5\n")
        try await s.waitForPrompt(prompt, count: 4)
        try s.enter("let y = 7")
        try await s.waitForPrompt(prompt, count: 5)
        try s.send("Up")
        _ = try await s.waitFor("\(prompt) let y = 7\n\(prompt) let y = 7")
        try s.paste("0\n")
        try await s.waitForPrompt(prompt, count: 6)
        try s.type("let m = 19")
        try s.send("Left")
        try s.paste("5\n")
        try await s.waitForPrompt(prompt, count: 7)
        try s.enter(".params")
        let screen = try await s.waitFor("$m =")
        for shown in ["\(prompt) let x = 5\n", "\(prompt) let y = 70\n", "\(prompt) let m = 159\n"] {
            #expect(screen.contains(shown), "\(screen)")
        }
        for value in ["$x = 5\n", "$y = 70\n", "$m = 159\n"] {
            #expect(screen.contains(value), "\(screen)")
        }
        #expect(!screen.contains("error"), "\(screen)")
    }

    @Test func aPastedEmptyLineKeepsTheSession() async throws {
        let s = try await start()
        try s.paste("\n")
        try await s.waitForPrompt("nkq(127.0.0.1)>", count: 2)
        try s.enter("let k = 3")
        try s.enter(".params")
        #expect(try await s.waitFor("$k = 3").contains("$k = 3"))
    }

    @Test func enterOnAFailedSearchOfAnEmptyLineKeepsTheSession() async throws {
        let s = try await start()
        try s.send("C-r")
        try s.type("#")
        _ = try await s.waitFor("(failed reverse-i-search)`#'")
        try s.send("Enter")
        try await s.waitForPrompt("nkq(127.0.0.1)>", count: 2)
        try s.enter("let k = 3")
        try s.enter(".params")
        #expect(try await s.waitFor("$k = 3").contains("$k = 3"))
    }
}
