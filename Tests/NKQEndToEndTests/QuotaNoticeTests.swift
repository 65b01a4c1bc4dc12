import Foundation
import NKQTestSupport
import Testing

/// Cost before waiting: a line before a statement that must wait for the quota; in the REPL a
/// question before one that must wait for more than one reset; scripts never ask.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct QuotaNoticeTests {
    let nkq = NKQProcess()
    let demo = ["NKQ_CLIENT_ID": "demo", "NKQ_CLIENT_SECRET": "demo-secret"]

    @Test func aScriptSaysHowManyCallsAndWaitsBeforeTheFirstCallAndNeverAsks() async throws {
        // 3 calls a minute: after one call, a read of every contract cannot fit. (The first call is
        // on contracts too: a window another endpoint reported paces contracts only once shared.)
        let sim = try SimProcess(["--rate-limit", "3/60"])
        let r = try await nkq.run(sim.target + ["--on-limit", "fail", "-c", "get contracts | limit 1 | count\nget contracts | count"],
                            environment: demo)
        #expect(r.stderr.contains("note: about 300 calls, 2 of 3 left in the contracts window"), "\(r.stderr)")
        #expect(r.stderr.contains("the run waits for 100 resets"), "\(r.stderr)")
        #expect(!r.stderr.contains("[Y/n]"))
    }

    @Test(.enabled(if: TmuxSession.available, "tmux is not installed"))
    func theREPLAsksBeforeMoreThanAWindowOfWaiting() async throws {
        let sim = try SimProcess(["--rate-limit", "3/60"])
        var env = nkq.environment.merging(demo) { $1 }
        env["TERM"] = "xterm-256color"
        let s = try TmuxSession(TmuxSession.command(environment: env, binary: NKQBinary.path, arguments: sim.target))
        _ = try await s.waitFor("nkq(127.0.0.1)>")
        try s.enter("get contracts | limit 1 | count")
        _ = try await s.waitFor("1 row")
        try s.enter("get contracts | count")
        let asked = try await s.waitFor("Run it? [Y/n]")
        #expect(asked.contains("note: about 300 calls, 2 of 3 left in the contracts window"), "\(asked)")
        try s.enter("n")
        let refused = try await s.waitFor("note: not run")
        #expect(refused.contains("note: not run"))

        try s.enter(".confirm off")
        _ = try await s.waitFor("confirm off")
        try s.enter("get contracts | count")
        // The line again, and this time no question: the statement runs (and waits).
        let running = try await s.waitFor { $0.components(separatedBy: "note: about 300 calls").count == 3 }
        #expect(running.components(separatedBy: "Run it? [Y/n]").count == 2, "\(running)")
        try s.send("C-c")
        _ = try await s.waitFor("interrupted")
    }
}
