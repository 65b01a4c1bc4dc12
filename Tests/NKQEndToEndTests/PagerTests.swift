import Foundation
import NKQTestSupport
import Testing

/// Output taller than the terminal goes through the pager, as in psql; checked with a pager
/// that records what it was given.
@Suite(.enabled(if: TmuxSession.available, "tmux is not installed"), .serialized, .timeLimit(.minutes(2)))
struct PagerTests {
    let nkq = NKQProcess()

    private func start(pager: String, arguments: [String] = []) async throws -> (TmuxSession, String) {
        let record = nkq.home.path + "/paged.txt"
        var env = nkq.environment
        env["TERM"] = "xterm-256color"
        env["NKQ_PAGER"] = pager.replacingOccurrences(of: "RECORD", with: TmuxSession.quote(record))
        env["PAGER"] = "false"  // NKQ_PAGER wins
        let s = try TmuxSession(TmuxSession.command(environment: env, binary: NKQBinary.path, arguments: arguments),
                                width: 100, height: 20)
        _ = try await s.waitFor("nkq(sim)>")
        return (s, record)
    }

    private func recorded(_ path: String) -> String? {
        try? String(contentsOfFile: path, encoding: .utf8)
    }

    @Test func aTallTableGoesThroughThePagerAndAShortOneDoesNot() async throws {
        let (s, record) = try await start(pager: "cat > RECORD; echo pager-done")
        try s.enter("get contracts where supplier = 10004 | select contractId | limit 3")
        _ = try await s.waitFor("3 rows")
        #expect(recorded(record) == nil)

        try s.enter("get contracts | select contractId, text | limit 40")
        let screen = try await s.waitFor("pager-done")
        #expect(screen.contains("pager-done"))
        let paged = try #require(recorded(record))
        #expect(paged.contains("contractId") && paged.contains("100040"), "\(paged)")
        #expect(paged.contains("40 rows"))
    }

    @Test func pagerOffWritesToTheTerminal() async throws {
        let (s, record) = try await start(pager: "cat > RECORD")
        try s.enter(".pager off")
        _ = try await s.waitFor("pager off")
        try s.enter("get contracts | select contractId | limit 40")
        _ = try await s.waitFor("40 rows")
        #expect(recorded(record) == nil)
    }

    @Test func noPagerFlagWritesToTheTerminal() async throws {
        let (s, record) = try await start(pager: "cat > RECORD", arguments: ["--no-pager"])
        try s.enter("get contracts | select contractId | limit 40")
        _ = try await s.waitFor("40 rows")
        #expect(recorded(record) == nil)
    }
}
