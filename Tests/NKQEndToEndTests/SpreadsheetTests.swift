import Foundation
import NKQKit
import NKQTestSupport
import Testing

/// Spreadsheets in and out: a Norwegian Excel export read by `get file`, checked value by value
/// against Python's csv module.
@Suite(.timeLimit(.minutes(2))) struct SpreadsheetTests {
    let nkq = NKQProcess()

    static let pythonPresent = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")

    /// Writes 500 rows as Excel does for Norway: `;`, decimal commas, CRLF, GTINs and postal
    /// codes with leading zeros, æøå, quotes where needed; in the given Python encoding.
    static let writer = #"""
        import csv, sys
        path, encoding = sys.argv[1], sys.argv[2]
        names = ['Blåbærsyltetøy', 'Ærfugldun', 'Østlandsk gran', 'Takstein "Nordic"', 'Skrue; 5x40', 'Lekt\nto linjer', 'Plank']
        with open(path, 'w', encoding=encoding, newline='') as f:
            w = csv.writer(f, delimiter=';', lineterminator='\r\n')
            w.writerow(['nobb', 'gtin', 'navn', 'pris', 'antall', 'postnr', 'levert', 'aktiv', 'merknad'])
            for i in range(500):
                w.writerow([
                    str(41000000 + i * 37),
                    '0' + str(7020000000000 + i * 11),
                    names[i % len(names)] + ' ' + str(i),
                    '%d,%02d' % (i * 3 + 1, i % 100),
                    str(i % 40 - 5),
                    '%04d' % (i * 13 % 10000),
                    '%02d.%02d.2024' % (i % 28 + 1, i % 12 + 1),
                    'true' if i % 3 else 'false',
                    '' if i % 4 else 'nr. %d' % i,
                ])
        """#

    static let reader = #"""
        import csv, json, sys
        path, encoding = sys.argv[1], sys.argv[2]
        with open(path, encoding=encoding, newline='') as f:
            json.dump(list(csv.DictReader(f, delimiter=';')), sys.stdout, ensure_ascii=False)
        """#

    func python(_ script: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script] + arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self)
    }

    /// What nkq should make of a cell Python read as text: null, a boolean, an ISO date, a
    /// number (decimal comma), or the text itself (leading zeros included).
    static func expected(_ text: String) throws -> JSONValue {
        if text.isEmpty { return .null }
        if text == "true" || text == "false" { return .bool(text == "true") }
        if text.wholeMatch(of: try Regex("[0-9]{2}\\.[0-9]{2}\\.[0-9]{4}")) != nil {
            let parts = text.split(separator: ".")
            return .string("\(parts[2])-\(parts[1])-\(parts[0])")
        }
        if text.wholeMatch(of: try Regex("-?(0|[1-9][0-9]*)(,[0-9]+)?")) != nil,
           let number = Double(text.replacingOccurrences(of: ",", with: ".")) {
            return .number(JSONNumber(number))
        }
        return .string(text)
    }

    func checkExport(encoding: String) async throws {
        let path = nkq.home.path + "/items-\(encoding).csv"
        _ = try python(Self.writer, [path, encoding])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        if encoding == "cp1252" {
            #expect(String(data: bytes, encoding: .utf8) == nil, "the file must not be valid UTF-8")
        } else {
            #expect(bytes.prefix(3) == Data([0xEF, 0xBB, 0xBF]))
        }
        let reference = try JSONSerialization.jsonObject(with: Data(try python(Self.reader, [path, encoding]).utf8)) as? [[String: String]]
        let r = try await nkq.run(["--format", "json", "-c", "get file '\(path)'"])
        #expect(r.status == 0, "\(r.stderr)")
        guard case .array(let read) = try JSONValue.parse(r.stdout) else {
            Issue.record("not one JSON array: \(r.stdout.prefix(200))")
            return
        }
        let python = try #require(reference)
        #expect(read.count == 500)
        #expect(python.count == 500)
        for (mine, theirs) in zip(read, python) {
            #expect(Set(mine.objectValue?.keys ?? []) == Set(theirs.keys))
            for (key, text) in theirs {
                // Numbers compare by value (`12,50` is 12.5), everything else exactly, type included.
                #expect(mine[key] == (try Self.expected(text)), "\(key): \(text) read as \(mine[key])")
            }
        }
        // The cells that most often go wrong, by name.
        #expect(read[0]["gtin"] == "07020000000000")
        #expect(read[10]["postnr"] == "0130")
        #expect(read[0]["navn"] == "Blåbærsyltetøy 0")
        #expect(read[1]["navn"] == "Ærfugldun 1")
        #expect(read[3]["navn"] == "Takstein \"Nordic\" 3")
        #expect(read[5]["navn"] == "Lekt\nto linjer 5")
        #expect(read[2]["pris"] == 7.02)
        #expect(read[2]["levert"] == "2024-03-03")
    }

    @Test(.enabled(if: pythonPresent)) func aWindows1252ExportIsReadAsPythonReadsIt() async throws {
        try await checkExport(encoding: "cp1252")
    }

    @Test(.enabled(if: pythonPresent)) func aUTF8ExportWithAByteOrderMarkIsReadAsPythonReadsIt() async throws {
        try await checkExport(encoding: "utf-8-sig")
    }

    @Test(.enabled(if: pythonPresent)) func theExcelOutputReadsBackAsTheSpreadsheetWas() async throws {
        let input = nkq.home.path + "/items.csv"
        _ = try python(Self.writer, [input, "cp1252"])
        let r = try await nkq.run(["--format", "csv", "--excel", "-c", "get file '\(input)'"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("\u{FEFF}nobb;gtin;navn;pris;"))
        let output = nkq.home.write("out.csv", r.stdout)
        let original = try JSONValue.parse(try python(Self.reader, [input, "cp1252"]))
        let readBack = try JSONValue.parse(try python(Self.reader, [output, "utf-8-sig"]))
        guard case .array(let before) = original, case .array(let after) = readBack else {
            Issue.record("not arrays")
            return
        }
        #expect(after.count == 500)
        for (was, now) in zip(before, after) {
            // The same text in every cell but the dates, which nkq reads as dates and writes in ISO form.
            var expected = was
            if case .string(let date) = was["levert"] {
                let parts = date.split(separator: ".")
                expected = .object(JSONObject(was.objectValue!.map { ($0.0, $0.0 == "levert" ? .string("\(parts[2])-\(parts[1])-\(parts[0])") : $0.1) }))
            }
            #expect(now == expected)
        }
    }

    /// Saved contracts keep their schema: `supplier` means on a file's rows what it means on the
    /// API's (the language docs' file examples run in ExampleTests).
    @Test func savedContractsKeepTheirSchema() async throws {
        // Every contract in one run: room for all its calls in one window.
        let simulator = try SimProcess(["--rate-limit", "100000/60"])
        let demo = ["NKQ_CLIENT_ID": "demo", "NKQ_CLIENT_SECRET": "demo-secret"]
        let saved = try await nkq.run(simulator.target + ["--format", "json", "-c", "get contracts"], environment: demo)
        #expect(saved.status == 0, "\(saved.stderr)")
        let contracts = nkq.home.write("contracts.json", saved.stdout)
        let fromFile = try await nkq.run(["--format", "json", "-c", "get file '\(contracts)' | where supplier = 10012 | count"])
        let fromAPI = try await nkq.run(simulator.target + ["--format", "json", "-c", "get contracts where supplier = 10012 | count"], environment: demo)
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(fromFile.stdout == fromAPI.stdout)
        #expect(fromFile.stdout != "[{\"count\":0}]\n")
        // Piped into stdin, as a JSON array and as NDJSON (a few suppliers' contracts, saved
        // by nkq): inferred from the first row, which is read ahead and not lost.
        let some = "get contracts where supplier in (10002, 10004, 10012)"
        let array = try await nkq.run(simulator.target + ["--format", "json", "-c", some], environment: demo)
        let piped = try await nkq.run(["--format", "json", "-c", "get stdin | where supplier = 10012 | count"], stdin: array.stdout)
        #expect(piped.stdout == fromAPI.stdout, "\(piped.stderr)")
        let lines = try await nkq.run(simulator.target + ["--format", "ndjson", "-c", some], environment: demo)
        let pipedLines = try await nkq.run(["--format", "json", "-c", "get stdin | where supplier = 10012 | count",
                                            "-c", "get stdin | count"], stdin: lines.stdout)
        #expect(pipedLines.stdout == fromAPI.stdout + "[{\"count\":0}]\n", "\(pipedLines.stderr)")
        let all = try await nkq.run(["--format", "json", "-c", "get stdin | count"], stdin: lines.stdout)
        #expect(all.stdout == "[{\"count\":\(lines.stdout.split(separator: "\n").count)}]\n", "\(all.stderr)")
        // Named outright, for stdin too; an unknown name gets a did-you-mean.
        let named = try await nkq.run(["--format", "json", "-c", "get stdin as contracts | where supplier = 10012 | count"], stdin: saved.stdout)
        #expect(named.stdout == fromAPI.stdout, "\(named.stderr)")
        let typo = try await nkq.run(["-c", "get stdin as contract | count"], stdin: "[]")
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("unknown format or resource 'contract'") && typo.stderr.contains("did you mean 'contracts'?"), "\(typo.stderr)")
    }

    @Test func aFieldNoRowHasIsWarnedAboutWithTheNamesThere() async throws {
        let path = nkq.home.write("items.csv", "nobb;navn\n1;a\n2;b\n")
        let r = try await nkq.run(["--format", "json", "-c", "get file '\(path)' | where nobbnr > 1"])
        #expect(r.status == 0)
        #expect(r.stdout == "[]\n")
        #expect(r.stderr.contains("warning: no row of file '\(path)' has the field 'nobbnr'"), "\(r.stderr)")
        #expect(r.stderr.contains("did you mean 'nobb'?"), "\(r.stderr)")
        // Rows built with only the fields the statement reads: the names offered are still the file's.
        let counted = try await nkq.run(["--format", "json", "-c", "get file '\(path)' | where nobbnr > 1 | count"])
        #expect(counted.stdout == "[{\"count\":0}]\n")
        #expect(counted.stderr.contains("did you mean 'nobb'?"), "\(counted.stderr)")
        let lines = nkq.home.write("items.ndjson", "{\"nobb\":1,\"navn\":\"a\"}\n{\"nobb\":2,\"navn\":\"b\"}\n")
        let fromJSON = try await nkq.run(["--format", "json", "-c", "get file '\(lines)' | where nobbnr > 1 | select navn"])
        #expect(fromJSON.stdout == "[]\n")
        #expect(fromJSON.stderr.contains("has the field 'nobbnr'") && fromJSON.stderr.contains("did you mean 'nobb'?"), "\(fromJSON.stderr)")
        let fine = try await nkq.run(["--format", "json", "-c", "get file '\(path)' | where nobb > 1 | select navn"])
        #expect(fine.stdout == "[{\"navn\":\"b\"}]\n")
        #expect(fine.stderr.isEmpty, "\(fine.stderr)")
    }

    @Test func csvFromStdinAndItsErrors() async throws {
        let r = try await nkq.run(["--format", "json", "-c", "get stdin as csv | where pris > 10 | select nobb"],
                            stdin: "nobb;pris\n0150;12,5\n2;3\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "[{\"nobb\":\"0150\"}]\n")
        let path = nkq.home.write("bad.csv", "a,b\n1,2\n3,\"open\n")
        let bad = try await nkq.run(["--format", "json", "-c", "get file '\(path)'"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("file '\(path)'") && bad.stderr.contains("line 3, column 3") && bad.stderr.contains("never closed"), "\(bad.stderr)")
    }
}
