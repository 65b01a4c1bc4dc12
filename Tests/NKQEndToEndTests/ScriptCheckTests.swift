import Foundation
import NKQTestSupport
import Testing

/// Scripts are checked whole before their first statement runs; the shell's smaller courtesies.
@Suite struct ScriptCheckTests {
    let nkq = NKQProcess()
    var target: [String] { NKQProcess.offlineTarget }

    @Test func anErrorOnALaterLineRefusesTheScriptBeforeAnythingRuns() async throws {
        let file = nkq.home.write("report.nkq", """
            let a = 1
            .params
            let b = 2
            get contracts | select supplier | where suplier = 10012
            .fromat csv
            let c = )

            """)
        let r = try await nkq.run(target + ["-f", file])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty, "\(r.stdout)")  // .params on line 2 did not run
        // Every error is listed, each with its place.
        #expect(r.stderr.contains("\(file):4:"), "\(r.stderr)")
        #expect(r.stderr.contains("did you mean 'supplier'?"))
        #expect(r.stderr.contains("unknown command '.fromat'"))
        #expect(r.stderr.contains("did you mean '.format'?"))
        #expect(r.stderr.contains("\(file):6:"))
    }

    @Test func aLetEarlierInTheScriptIsKnownToTheCheck() async throws {
        let r = try await nkq.run(target + ["-c", "let s = 10012\nlet t = $s\n.params"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "$s = 10012\n$t = 10012\n")
    }

    @Test func continueOnErrorRunsWhatItCan() async throws {
        let r = try await nkq.run(target + ["--continue-on-error", "-c", "let a = 1\n.params\nlet b = )"])
        #expect(r.status == 2)
        #expect(r.stdout == "$a = 1\n")
    }

    @Test func bothErrorsOfOneStatementAreReported() async throws {
        let r = try await nkq.run(target + ["-c", "get contracts | select supplier | where suplier = 1 | selct text"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("suplier"), "\(r.stderr)")
        #expect(r.stderr.contains("selct"), "\(r.stderr)")
    }

    @Test func formatAndOutputSayWhatTheyDid() async throws {
        let out = nkq.home.path + "/rows.txt"
        let r = try await nkq.run(target + ["-c", ".format csv\n.output \(out)\n.output"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("format csv"))
        #expect(r.stderr.contains("output to \(out)"))
        #expect(r.stderr.contains("output to standard output"))
    }

    @Test func fieldsListsNoPathThroughAnArray() async throws {
        let r = try await nkq.run(target + ["-c", ".fields contracts"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.contains("conditions.level"), "\(r.stdout)")
        #expect(r.stdout.contains("`| flatten conditions` gives:"))
    }
}
