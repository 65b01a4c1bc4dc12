import Foundation
import NKQTestSupport
import Testing

/// Input made to hurt, run by the `nkq` binary: statements deep or long enough to overflow a
/// stack that recursed once per term or level (parse, analysis, planning, evaluation and explain
/// all walk the predicate), files without line breaks, bytes that are not UTF-8.
@Suite(.timeLimit(.minutes(2))) struct HostileInputTests {
    let nkq = NKQProcess()

    func rows() -> String {
        nkq.home.write("rows.ndjson", (0..<50).map { "{\"a\":\($0),\"b\":\"x\($0)\"}" }.joined(separator: "\n") + "\n")
    }

    @Test func aChainOfThousandsOfTermsRunsAndExplains() async throws {
        let file = rows()
        let ands = (0..<3_000).map { "a != \(1_000 + $0)" }.joined(separator: " and ")
        let ors = (0..<3_000).map { "a = \(1_000 + $0)" }.joined(separator: " or ")
        let r = try await nkq.run(["-c", "get file '\(file)' where \(ands) and a < 10 | count",
                             "-c", "get file '\(file)' where \(ors) or a = 3 | count",
                             "-c", "explain get file '\(file)' where \(ands)"])
        #expect(r.status == 0, "\(r.stderr.prefix(500))")
        #expect(r.stdout.hasPrefix("[{\"count\":10}]\n[{\"count\":1}]\n"))
    }

    @Test func nestingUpToTheLimitRuns() async throws {
        let file = rows()
        // The deepest the cap allows: 64 groups, 63 `not`s (one more of either is refused).
        let groups = String(repeating: "(", count: 64) + "a < 5" + String(repeating: ")", count: 64)
        let nots = String(repeating: "not ", count: 63) + "a < 5"  // odd: a >= 5
        let r = try await nkq.run(["-c", "get file '\(file)' where \(groups) | count",
                             "-c", "get file '\(file)' where \(nots) | count",
                             "-c", "get file '\(file)' where \(groups) and \(nots) | count",
                             "-c", "explain get file '\(file)' where \(groups)"])
        #expect(r.status == 0, "\(r.stderr.prefix(500))")
        #expect(r.stdout.hasPrefix("[{\"count\":5}]\n[{\"count\":45}]\n[{\"count\":0}]\n"), "\(r.stdout.prefix(300))")
    }

    @Test(arguments: [
        ("4,000 groups", String(repeating: "(", count: 4_000) + "a = 1" + String(repeating: ")", count: 4_000), 65),
        ("10,000 nots", String(repeating: "not ", count: 10_000) + "a = 1", 4 * 64 + 1),
        ("10,000 open groups", String(repeating: "(", count: 10_000), 65),
        ("10,000 nested lists", "a in " + String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000), 70),
    ])
    func deeperNestingIsOneClearErrorAtThePlace(name: String, condition: String, column: Int) async throws {
        let r = try await nkq.run(["-c", "get zones where " + condition])
        // Refused before any call, with one error pointing at the first level too deep.
        #expect(r.status == 2, "\(name): \(r.stderr.prefix(300))")
        let errors = r.stderr.components(separatedBy: "\n").filter { $0.hasPrefix("error:") }
        #expect(errors == ["error: nested more than 64 levels deep"], "\(name): \(r.stderr.prefix(300))")
        #expect(r.stderr.contains("--> line 1, column \(column + 16)"), "\(name): \(r.stderr.prefix(300))")
    }

    @Test func thousandsOfErrorsInOneStatementShowTheFirst20AndACount() async throws {
        let r = try await nkq.run(["-c", "get stdin " + String(repeating: "| where ", count: 2_000)], stdin: "")
        #expect(r.status == 2)
        let lines = r.stderr.components(separatedBy: "\n")
        #expect(lines.filter { $0.hasPrefix("error:") }.count == 20)
        #expect(lines.contains("… and 1980 more diagnostics not shown"), "\(r.stderr.suffix(300))")
        // A long line is shown as a window around the caret, not whole for every error.
        #expect(lines.allSatisfy { $0.count < 200 })
    }

    @Test func aFileWithoutLineBreaksIsRefusedAtTheCapNotReadForEver() async throws {
        // Zero bytes for ever, and never a line break.
        let r = try await nkq.run(["-c", "get file '/dev/zero' | count"])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("error: cannot read file '/dev/zero': line 1: one value is longer than 16 MiB"), "\(r.stderr)")
    }

    @Test func bytesThatAreNotUTF8AreNotedOnceWithTheirLine() async throws {
        var bytes = Data("{\"a\":\"ok\"}\n{\"a\":\"caf".utf8)
        bytes.append(contentsOf: [0xE9, 0x22, 0x7D, 0x0A])  // Latin-1 é, then "}
        bytes.append(Data("{\"a\":\"x\u{FF}\"}\n".utf8))
        bytes.append(contentsOf: [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D, 0x0A])  // {"a":"\xFF"}
        let path = nkq.home.path + "/latin1.ndjson"
        #expect(FileManager.default.createFile(atPath: path, contents: bytes))
        let r = try await nkq.run(["--format", "ndjson", "-c", "get file '\(path)'"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "{\"a\":\"ok\"}\n{\"a\":\"caf\u{FFFD}\"}\n{\"a\":\"x\u{FF}\"}\n{\"a\":\"\u{FFFD}\"}\n")
        let notes = r.stderr.components(separatedBy: "\n").filter { $0.contains("not UTF-8") }
        #expect(notes == ["note: file '\(path)' holds bytes that are not UTF-8 (first on line 2); they read as U+FFFD (\u{FFFD})"])
    }

    @Test func aRegexThatBacktracksWithoutEndIsAnErrorNotAHang() async throws {
        let file = nkq.home.write("long.ndjson", "{\"s\":\"" + String(repeating: "a", count: 5_000) + "b\"}\n")
        let r = try await nkq.run(["-c", "get file '\(file)' | where s matches '(a|aa)+$' | count"])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("error: the regular expression '(a|aa)+$' needs too much work on a value of 5001 characters"), "\(r.stderr)")
    }
}
