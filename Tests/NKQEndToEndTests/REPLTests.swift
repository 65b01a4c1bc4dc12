import Foundation
import NKQTestSupport
import Testing

/// The REPL on a terminal, driven through tmux.
@Suite(.enabled(if: TmuxSession.available, "tmux is not installed"), .serialized)
struct REPLTests {
    let nkq = NKQProcess()

    /// nkq with LANG unset (env -i), a private HOME, and the offline target.
    private func start(_ extra: [String] = []) async throws -> TmuxSession {
        var env = nkq.environment
        env["TERM"] = "xterm-256color"
        let session = try TmuxSession(TmuxSession.command(environment: env, binary: NKQBinary.path,
                                                          arguments: NKQProcess.offlineTarget + extra))
        let screen = try await session.waitFor("nkq(127.0.0.1)>")
        #expect(screen.contains("target: endpoint http://127.0.0.1:9/nobbkontrakt (client test-client)"))
        return session
    }

    /// nkq on a `nkq sim` child process, with the demo client.
    private func start(on sim: SimProcess) async throws -> TmuxSession {
        var env = nkq.environment
        env["TERM"] = "xterm-256color"
        env["NKQ_PAGER"] = "cat"  // rows taller than the pane stay on it
        env["NKQ_CLIENT_ID"] = "demo"
        env["NKQ_CLIENT_SECRET"] = "demo-secret"
        let session = try TmuxSession(TmuxSession.command(environment: env, binary: NKQBinary.path, arguments: sim.target))
        _ = try await session.waitFor("nkq(127.0.0.1)>")
        return session
    }

    @Test func completesASourceAfterGet() async throws {
        let s = try await start()
        try s.type("get con")
        try s.send("Tab")
        // Two sources start with "con": both are listed, the line stays.
        let listed = try await s.waitFor("contracts   conditions")
        #expect(listed.contains("nkq(127.0.0.1)> get con"))
        try s.type("t")
        try s.send("Tab")
        let done = try await s.waitFor("get contracts")
        #expect(done.contains("nkq(127.0.0.1)> get contracts"))
        // The completion added a space after the word: the next word follows it directly.
        try s.type("|")
        #expect(try await s.waitFor("get contracts |").contains("nkq(127.0.0.1)> get contracts |"))
    }

    @Test func completesAFieldAfterWhere() async throws {
        let s = try await start()
        try s.type("get contracts where suppl")
        try s.send("Tab")
        try s.type("=")
        let screen = try await s.waitFor("where supplier =")
        #expect(screen.contains("nkq(127.0.0.1)> get contracts where supplier ="))
    }

    @Test func multiLineStatementShowsTheContinuationPrompt() async throws {
        let s = try await start()
        try s.type("let a = (1,")
        try s.send("Enter")
        let open = try await s.waitFor("(…>")
        #expect(open.contains("\n            (…>"))
        try s.type("2)")
        try s.send("Enter")
        try s.enter(".params")
        let screen = try await s.waitFor("$a = (1,")
        #expect(try s.lines().contains("2)"))
        #expect(screen.contains("$a = (1,\n2)"))
    }

    @Test func historyIsRecalledInASecondRun() async throws {
        do {
            let first = try await start()
            try first.type("let h = (1,")
            try first.send("Enter")
            try first.type("2)")
            try first.send("Enter")
            try first.enter("let k = 'æøå'")
            try await first.waitFor("> let k = 'æøå'\nnkq(127.0.0.1)>")
            try first.send("C-d")
            let status = try await first.exitStatus()
            let last = try first.screen()
            #expect(status == 0 || status == TmuxSession.unknownStatus, "\(String(describing: status)) \(last)")
        }
        let history = try String(contentsOfFile: nkq.home.path + "/state/nkq/history", encoding: .utf8)
        #expect(history.hasPrefix("_HiStOrY_V2_\n"))
        let second = try await start()
        try second.send("Up")
        #expect(try await second.waitFor("let k = 'æøå'").contains("nkq(127.0.0.1)> let k = 'æøå'"))
        try second.send("Up")
        // The whole multi-line statement is one entry.
        let screen = try await second.waitFor { $0.contains("let h = (1,") && !$0.contains("let k") }
        #expect(screen.contains("nkq(127.0.0.1)> let h = (1,\n2)"))
    }

    @Test func ctrlCAtThePromptClearsTheLine() async throws {
        let s = try await start()
        try s.type("get contracts where")
        // Ctrl-C goes through the terminal as a signal, ahead of typed keys not yet read.
        try await s.waitFor("> get contracts where")
        try s.send("C-c")
        // The signal reaches nkq on another thread first: wait for the new prompt, as a person
        // would, so that the keys below cannot be read before it lands.
        try await s.waitForPrompt("nkq(127.0.0.1)>", count: 2)
        try s.enter(".params")
        let screen = try await s.waitFor("no parameters bound")
        #expect(!screen.contains("where.params"))
        #expect(screen.contains("nkq(127.0.0.1)> .params"))
        // The session is still alive.
        try s.send("C-d")
        let status = try await s.exitStatus()
        let last = try s.screen()
        #expect(status == 0 || status == TmuxSession.unknownStatus, "\(String(describing: status)) \(last)")
    }

    @Test func utf8InputWorksWithLANGUnset() async throws {
        let s = try await start()
        try s.enter("let by = 'Ålesund æøå'")
        try s.enter(".params")
        let screen = try await s.waitFor("$by =")
        #expect(screen.contains("$by = 'Ålesund æøå'"))
    }

    @Test func errorsShowACaretAndTheSessionGoesOn() async throws {
        let s = try await start()
        try s.type("let x = )")
        try s.send("Enter")
        let screen = try await s.waitFor("^")
        #expect(screen.contains("1 | let x = )"))
        try s.enter(".fromat")
        #expect(try await s.waitFor("did you mean '.format'?").contains("did you mean '.format'?"))
    }

    @Test func ctrlCDuringASlowStatementReturnsToThePrompt() async throws {
        let sim = try SimProcess(["--latency", "700"])
        defer { withExtendedLifetime(sim) {} }  // the simulator serves until the test ends
        let s = try await start(on: sim)
        // 13 pages at 0.7 s each: Ctrl-C lands in the middle of the run, once its progress line
        // (drawn after a second) shows it is running.
        try s.enter("get contracts where supplier = 10004 | select contractId")
        _ = try await s.waitFor(" calls, ", seconds: 30)
        try s.send("C-c")
        let screen = try await s.waitFor("interrupted")
        #expect(screen.contains("partial"))
        // One note: what a rerun costs, the pages fetched coming from the response cache.
        #expect(screen.contains("are cached; a rerun needs about") || screen.contains("is cached; a rerun needs about"))
        #expect(screen.components(separatedBy: "interrupted").count == 2)
        try s.enter(".params")
        let after = try await s.waitFor { $0.components(separatedBy: "nkq(127.0.0.1)>").count >= 3 }
        #expect(after.contains(".params"))
    }

    /// The progress line is erased on a failure's way out (the runner clears it after the rows,
    /// and on every return): without it the error would follow the line's text on its row.
    @Test(.timeLimit(.minutes(2))) func aStatementThatFailsAfterItsProgressLineIsShownLeavesNoneOfIt() async throws {
        let sim = try SimProcess(["--latency", "700"])
        defer { withExtendedLifetime(sim) {} }
        let s = try await start(on: sim)
        // 13 pages at 0.7 s each: the progress line is drawn after a second, while pages remain.
        try s.enter("get contracts where supplier = 10004 | select contractId")
        let running = try await s.waitFor(" calls, ", seconds: 30)
        try #require(running.contains(" calls, "), "no progress line: \(running)")
        // The API goes away mid-run: the call in flight is cut, its retry finds no server, and
        // the statement fails.
        kill(sim.processIdentifier, SIGKILL)
        let screen = try await s.waitForPrompt("nkq(127.0.0.1)>", count: 2, seconds: 60)
        let lines = try s.lines()
        try #require(lines.last == "nkq(127.0.0.1)>", "no prompt after the statement: \(screen)")
        #expect(lines.contains { $0.hasPrefix("error:") }, "no error: \(screen)")
        // The line's text (`5 of 13 calls, 40 rows, quota 295 left`) was erased before the error.
        let progress = lines.filter { $0.range(of: #"\d+ (of \d+ )?calls?, [\d,]+ rows?"#, options: .regularExpression) != nil }
        #expect(progress.isEmpty, "progress text left on the screen: \(progress)")
    }

    @Test func aLongWaitForTheQuotaShowsACountdownOnStderr() async throws {
        // 13 pages, 3 calls a minute: after the first three calls the run waits most of a minute.
        let sim = try SimProcess(["--rate-limit", "3/60"])
        defer { withExtendedLifetime(sim) {} }  // the simulator serves until the test ends
        let s = try await start(on: sim)
        try s.enter("get contracts where supplier = 10004 | count")
        // No call is answered while it waits: the line still appears, and counts down.
        let waiting = try await s.waitFor("s for the contracts window", seconds: 40)
        #expect(waiting.contains("3 calls, 30 rows, quota 0 left, waiting"))
        try s.send("C-c")
        let screen = try await s.waitFor("interrupted")
        #expect(!screen.contains("for the contracts window"))  // erased before the result
    }

    @Test func suppliersSeenInTheSessionAreCompletedAsValues() async throws {
        var env = nkq.environment
        env["TERM"] = "xterm-256color"
        let s = try TmuxSession(TmuxSession.command(environment: env, binary: NKQBinary.path, arguments: []))
        _ = try await s.waitFor("nkq(sim)>")
        try s.enter("get contracts where supplier in (10002, 10017) | count")
        _ = try await s.waitFor("1 row")
        try s.type("get zones where supplier = 100")
        try s.send("Tab")
        #expect(try await s.waitFor("10002  10017").contains("10002  10017"))
    }
}
