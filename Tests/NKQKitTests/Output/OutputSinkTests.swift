import Foundation
import NKQTestSupport
import Testing
@testable import NKQKit

@Suite struct OutputSinkTests {
    @Test func fileOutputWritesEverythingAfterFlushAndTruncatesOrAppends() throws {
        let folder = TemporaryFolder("out")
        defer { folder.remove() }
        let path = folder.path + "/rows.ndjson"
        do {
            let file = try FileOutput(path: path, capacity: 16)
            var renderer = OutputFormat.ndjson.makeRenderer(options: RenderOptions(format: .ndjson), output: file)
            renderer.begin(columns: nil)
            for i in 0..<100 { renderer.write(["i": .int(i), "s": "æøå"]) }
            renderer.finish(ResultFooter(rowCount: 100))
            try file.close()
        }
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 100)
        #expect(lines[99] == #"{"i":99,"s":"æøå"}"#)

        let again = try FileOutput(path: path, append: true)
        again.write("tail\n")
        try again.close()
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasSuffix("}\ntail\n"))

        let fresh = try FileOutput(path: path)
        fresh.write("new\n")
        try fresh.close()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n")
    }

    @Test func openingAnUnwritablePathIsAClearError() {
        #expect(throws: OutputError.self) {
            _ = try FileOutput(path: "/nonexistent-dir/x.csv")
        }
        do {
            _ = try FileOutput(path: "/nonexistent-dir/x.csv")
        } catch {
            #expect(error.description.hasPrefix("cannot write to /nonexistent-dir/x.csv: "))
        }
    }

    @Test func aClosedPipeIsReportedOnceFromFlush() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        close(fds[0])
        // Left ignored on purpose: restoring could race other tests, and nkq ignores it too.
        signal(SIGPIPE, SIG_IGN)
        let output = FileOutput(fileDescriptor: fds[1], capacity: 8)
        output.write("more than eight bytes\n")
        output.write("ignored after failure\n")
        #expect(throws: OutputError.self) { try output.flush() }
        #expect(output.failure?.isBrokenPipe == true)
        close(fds[1])
    }

    @Test func aFullDiskIsAFailureThatIsNotABrokenPipe() throws {
        let output = try FileOutput(path: "/dev/full", capacity: 8)
        output.write("more than eight bytes\n")
        #expect(output.failure == OutputError(path: "/dev/full", message: "No space left on device"))
        #expect(throws: OutputError.self) { try output.close() }
    }

    @Test func csvAndTSVShowControlCharactersOnlyOnATerminal() {
        let tty = TerminalCapabilities(isTerminal: true, width: 100, color: false, unicode: true)
        let pipe = TerminalCapabilities(isTerminal: false, width: nil, color: false, unicode: false)
        let row: JSONValue = ["a": "red\u{1B}[31m\u{9B}2J", "b": "x\ty\rz"]
        func text(_ format: OutputFormat, _ terminal: TerminalCapabilities, ascii: Bool = false) -> String {
            var options = RenderOptions.defaults(for: terminal, format: format)
            options.ascii = ascii
            return render(rows: [row], options: options)
        }
        #expect(text(.csv, tty) == "a,b\r\nred\u{241B}[31m\\u{9b}2J,\"x\u{2409}y\u{240D}z\"\r\n")
        #expect(text(.csv, tty, ascii: true) == "a,b\r\nred^[[31m\\u{9b}2J,\"x^Iy^Mz\"\r\n")
        // TSV's quoting stays; the controls inside are shown.
        #expect(text(.tsv, tty) == "a\tb\nred\u{241B}[31m\\u{9b}2J\t\"x\u{2409}y\u{240D}z\"\n")
        #expect(text(.csv, pipe) == "a,b\r\nred\u{1B}[31m\u{9B}2J,\"x\ty\rz\"\r\n")
        #expect(text(.tsv, pipe) == "a\tb\nred\u{1B}[31m\u{9B}2J\t\"x\ty\rz\"\n")
    }

    @Test func notesForLateCSVColumnsGoToTheNotesSinkNotTheData() {
        let data = StringOutput()
        let notes = StringOutput()
        var renderer = DelimitedRenderer(dialect: .csv, output: data, notes: notes, lookahead: 2)
        renderer.begin(columns: nil)
        renderer.write(["a": 1])
        renderer.write(["a": 2, "b": 3])
        renderer.write(["a": 4, "c": 5])
        renderer.write(["c": 6])
        renderer.finish(ResultFooter(rowCount: 4))
        #expect(data.text == "a,b\r\n1,\r\n2,3\r\n4,\r\n,\r\n")
        #expect(notes.text.contains("field 'c' first appears after the csv header"))
        #expect(notes.text.components(separatedBy: "\n").count == 2)
    }

    @Test func ndjsonAndCSVWriteEachRowAsItArrives() {
        let output = StringOutput()
        var ndjson = OutputFormat.ndjson.makeRenderer(options: RenderOptions(format: .ndjson), output: output)
        ndjson.begin(columns: nil)
        ndjson.write(["a": 1])
        #expect(output.text == "{\"a\":1}\n")
        let csvOutput = StringOutput()
        var csv = OutputFormat.csv.makeRenderer(options: RenderOptions(format: .csv), output: csvOutput)
        csv.begin(columns: ["a"])
        #expect(csvOutput.text == "a\r\n")
        csv.write(["a": "x,y"])
        #expect(csvOutput.text == "a\r\n\"x,y\"\r\n")
    }

    @Test func aWriteThroughSinkNeedsNoFlush() throws {
        let folder = TemporaryFolder("out")
        defer { folder.remove() }
        let path = folder.path + "/notes.txt"
        let notes = try FileOutput(path: path, capacity: 1)
        notes.write("note: one\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "note: one\n")
        try notes.close()
    }

    @Test func jsonStreamsOneArrayPerStatement() {
        let output = StringOutput()
        var renderer = OutputFormat.json.makeRenderer(options: RenderOptions(format: .json), output: output)
        renderer.begin(columns: nil)
        renderer.write(["a": 1])
        #expect(output.text == #"[{"a":1}"#)
        renderer.finish(ResultFooter(rowCount: 1))
        renderer.begin(columns: nil)
        renderer.finish(ResultFooter(rowCount: 0))
        #expect(output.text == "[{\"a\":1}]\n[]\n")
    }

    @Test func defaultsFollowTheTerminal() {
        let tty = TerminalCapabilities(isTerminal: true, width: 100, color: true, unicode: true)
        let pipe = TerminalCapabilities(isTerminal: false, width: nil, color: false, unicode: false)
        #expect(RenderOptions.defaults(for: tty) == RenderOptions(format: .table, color: true, ascii: false, terminalWidth: 100, pretty: true, isTerminal: true))
        #expect(RenderOptions.defaults(for: pipe) == RenderOptions(format: .json, color: false, ascii: true, terminalWidth: nil, pretty: false))
        #expect(RenderOptions.defaults(for: pipe, format: .csv, pretty: true).format == .csv)
        #expect(RenderOptions.defaults(for: tty, pretty: false).pretty == false)
    }

    @Test func terminalCapabilitiesRules() {
        func caps(_ tty: Bool, _ env: [String: String], width: Int? = nil) -> TerminalCapabilities {
            TerminalCapabilities.resolve(isTerminal: tty, windowWidth: width, environment: env)
        }
        #expect(caps(true, [:]).color)
        #expect(!caps(false, [:]).color)
        #expect(!caps(true, ["NO_COLOR": "1"]).color)
        #expect(caps(true, ["NO_COLOR": ""]).color)
        #expect(caps(false, ["FORCE_COLOR": "1"]).color)
        #expect(caps(false, ["FORCE_COLOR": "1", "NO_COLOR": "1"]).color)
        #expect(!caps(true, ["FORCE_COLOR": "0"]).color)
        #expect(!caps(true, ["TERM": "dumb"]).color)
        #expect(caps(true, [:], width: 132).width == 132)
        #expect(caps(true, ["COLUMNS": "90"]).width == 90)
        #expect(caps(true, [:]).width == 80)
        #expect(caps(false, [:]).width == nil)
        #expect(caps(true, ["LANG": "nb_NO.UTF-8"]).unicode)
        #expect(caps(true, ["LC_ALL": "C", "LANG": "en_US.UTF-8"]).unicode == false)
        #expect(caps(true, ["LC_CTYPE": "en_US.utf8"]).unicode)
        #expect(caps(true, ["LANG": "C"]).unicode == false)
        #expect(caps(true, [:]).unicode)
        // A pipe is not a terminal, whatever the environment says.
        #expect(TerminalCapabilities.detect(fileDescriptor: -1, environment: [:]).isTerminal == false)
    }
}

@Suite struct OutputFormatTests {
    @Test func namesParseAndListForUsageErrors() {
        #expect(OutputFormat(rawValue: "ndjson") == .ndjson)
        #expect(OutputFormat(rawValue: "yaml") == nil)
        #expect(OutputFormat.names == "table, expanded, json, ndjson, csv, tsv, markdown")
        #expect(OutputFormat.allCases.filter(\.streams) == [.json, .ndjson, .csv, .tsv])
    }
}
