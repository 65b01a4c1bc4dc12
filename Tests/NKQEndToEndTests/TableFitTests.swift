import Foundation
import NKQTestSupport
import Testing

/// Tables on real terminals of 80 and 140 columns: what identifies a row is never cut, and
/// columns left out are named.
@Suite(.enabled(if: TmuxSession.available, "tmux is not installed"), .serialized, .timeLimit(.minutes(2)))
struct TableFitTests {
    let nkq = NKQProcess()

    /// Runs `statement` in the REPL on the embedded simulator in a terminal `width` wide and
    /// returns the screen once the next prompt is there: the notes about the table come after its
    /// footer, so the footer alone does not mean the screen is complete.
    private func table(_ statement: String, width: Int) async throws -> String {
        var env = nkq.environment
        env["TERM"] = "xterm-256color"
        env["PAGER"] = "cat"
        let s = try TmuxSession(TmuxSession.command(environment: env, binary: NKQBinary.path, arguments: []),
                                width: width, height: 60)
        _ = try await s.waitFor("nkq(sim)>")
        try s.enter(statement)
        let screen = try await s.waitForPrompt("nkq(sim)>", count: 2, seconds: 20)
        #expect(screen.range(of: #"\d+ rows?"#, options: .regularExpression) != nil, "\(screen)")
        return screen
    }

    /// No cell that holds a date, timestamp or number ends in the ellipsis.
    private func expectNothingIdentifyingCut(_ screen: String) {
        for line in screen.split(separator: "\n") where line.hasPrefix("│") {
            #expect(line.range(of: #"│ *[0-9][0-9:.T+-]*… *│"#, options: .regularExpression) == nil, "\(line)")
        }
    }

    @Test(arguments: [80, 140]) func contractsKeepDatesAndIdsWhole(width: Int) async throws {
        let screen = try await table("get contracts where supplier = 10004 | limit 5", width: width)
        expectNothingIdentifyingCut(screen)
        let lines = screen.split(separator: "\n").map(String.init)
        let header = try #require(lines.first { $0.hasPrefix("│") })
        // The schema's order: the id first, then the name.
        #expect(header.hasPrefix("│ contractId │ text"), "\(header)")
        for line in lines where line.hasPrefix("│") || line.hasPrefix("┌") {
            #expect(line.count <= width, "\(line)")
        }
        // At either width the twelve fields do not all fit: the ones left out are named.
        let note = try #require(lines.first { $0.contains("left out to fit \(width) columns:") }, "\(screen)")
        #expect(note.contains("conditions") || note.contains("lastModified"), "\(note)")
    }

    @Test func pricesAt80ColumnsKeepTheNobbNumberWhole() async throws {
        let screen = try await table("get prices where supplier = 10012 | limit 3", width: 80)
        expectNothingIdentifyingCut(screen)
        #expect(screen.range(of: #"│ +[0-9]{6,} │"#, options: .regularExpression) != nil, "\(screen)")
    }
}
