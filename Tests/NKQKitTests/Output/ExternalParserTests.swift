import Foundation
import Testing
@testable import NKQKit

/// The machine formats read back by the tools people will pipe them into.
@Suite struct ExternalParserTests {
    static let rows: [JSONValue] = OutputFixtures.rows + [
        ["contractId": 4, "name": "comma, \"quote\" and\r\nCRLF", "city": " leading space", "discount": -0.5,
         "conditions": [["id": 1, "text": "æ|ø"]], "price": ["value": 1e-7], "note": "=SUM(A1)"],
        ["contractId": .number(JSONNumber(text: "12345678901234567890")), "name": "surrogate 𝄞 and \u{1}", "city": "\\back\\slash", "discount": 0,
         "conditions": nil, "price": [], "note": "tab\tinside"],
    ]

    static let toolsPresent = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/jq")

    @Test(.enabled(if: toolsPresent)) func csvReadsBackWithPythonsCSVModule() throws {
        let csv = render(rows: Self.rows, options: RenderOptions(format: .csv))
        let script = """
            import csv, io, json, sys
            rows = list(csv.reader(io.TextIOWrapper(sys.stdin.buffer, encoding='utf-8', newline='')))
            json.dump(rows, sys.stdout, ensure_ascii=False)
            """
        let parsed = try JSONValue.parse(run("/usr/bin/python3", ["-c", script], input: csv))
        let columns = ["contractId", "name", "city", "discount", "conditions", "price", "note"]
        var expected: [JSONValue] = [.array(columns.map { .string($0) })]
        for row in Self.rows {
            expected.append(.array(columns.map { .string(ValueText.plain(ColumnSet.value(of: row, $0)) ?? "") }))
        }
        #expect(parsed == .array(expected))
    }

    @Test(.enabled(if: toolsPresent)) func tsvReadsBackWithPythonsCSVModule() throws {
        let tsv = render(rows: Self.rows, options: RenderOptions(format: .tsv))
        let script = """
            import csv, io, json, sys
            rows = list(csv.reader(io.TextIOWrapper(sys.stdin.buffer, encoding='utf-8', newline=''), dialect='excel-tab'))
            json.dump(rows, sys.stdout, ensure_ascii=False)
            """
        let parsed = try JSONValue.parse(run("/usr/bin/python3", ["-c", script], input: tsv))
        let columns = ["contractId", "name", "city", "discount", "conditions", "price", "note"]
        var expected: [JSONValue] = [.array(columns.map { .string($0) })]
        for row in Self.rows {
            expected.append(.array(columns.map { .string(ValueText.plain(ColumnSet.value(of: row, $0)) ?? "") }))
        }
        #expect(parsed == .array(expected))
    }

    @Test(.enabled(if: toolsPresent)) func excelCSVReadsBackWithPythonsCSVModule() throws {
        let csv = render(rows: Self.rows, options: RenderOptions(format: .csv, excel: true))
        let script = """
            import csv, io, json, sys
            raw = sys.stdin.buffer.read()
            rows = list(csv.reader(io.StringIO(raw.decode('utf-8-sig'), newline=''), delimiter=';'))
            json.dump({'bom': raw.startswith(b'\\xef\\xbb\\xbf'), 'crlf': raw.endswith(b'\\r\\n'), 'rows': rows}, sys.stdout, ensure_ascii=False)
            """
        let parsed = try JSONValue.parse(run("/usr/bin/python3", ["-c", script], input: csv))
        #expect(parsed["bom"] == true)
        #expect(parsed["crlf"] == true)
        let columns = ["contractId", "name", "city", "discount", "conditions", "price", "note"]
        var expected: [JSONValue] = [.array(columns.map { .string($0) })]
        for row in Self.rows {
            expected.append(.array(columns.map { column in
                let value = ColumnSet.value(of: row, column)
                let text = ValueText.plain(value) ?? ""
                // Numbers with a decimal comma; everything else as plain CSV writes it.
                if case .number? = value { return .string(text.replacingOccurrences(of: ".", with: ",")) }
                return .string(text)
            }))
        }
        #expect(parsed["rows"] == .array(expected))
    }

    /// Numbers as jq holds them (a Double: 12345678901234567890 loses its last digits there,
    /// not in nkq's output), everything else as it is.
    static func asDoubles(_ value: JSONValue) -> JSONValue {
        switch value {
        case .number(let n): .number(JSONNumber(n.double))
        case .array(let items): .array(items.map(asDoubles))
        case .object(let object): .object(JSONObject(object.map { ($0.0, asDoubles($0.1)) }))
        default: value
        }
    }

    @Test(.enabled(if: toolsPresent), arguments: [false, true])
    func jsonReadsBackWithJq(pretty: Bool) throws {
        let json = render(rows: Self.rows, options: RenderOptions(format: .json, pretty: pretty))
        let lines = try run("/usr/bin/jq", ["-c", ".[]"], input: json).split(separator: "\n")
        #expect(lines.count == Self.rows.count)
        for (line, row) in zip(lines, Self.rows) {
            #expect(Self.asDoubles(try JSONValue.parse(String(line))) == Self.asDoubles(row))
        }
        // Strings exactly as sent, through jq's own decoding.
        let names = try run("/usr/bin/jq", ["-r", ".[].name"], input: json)
        #expect(names == Self.rows.map { $0["name"].stringValue! + "\n" }.joined())
    }

    @Test(.enabled(if: toolsPresent)) func ndjsonReadsBackWithJqAsAStream() throws {
        let ndjson = render(rows: Self.rows, options: RenderOptions(format: .ndjson))
        let count = try run("/usr/bin/jq", ["-s", "length"], input: ndjson)
        #expect(count == "\(Self.rows.count)\n")
        let lines = try run("/usr/bin/jq", ["-c", "."], input: ndjson).split(separator: "\n")
        for (line, row) in zip(lines, Self.rows) {
            #expect(Self.asDoubles(try JSONValue.parse(String(line))) == Self.asDoubles(row))
        }
        // Key order survives.
        let keys = try run("/usr/bin/jq", ["-c", "keys_unsorted"], input: ndjson).split(separator: "\n").first
        #expect(keys == #"["contractId","name","city","discount","conditions","price","note"]"#)
    }

    private func run(_ tool: String, _ arguments: [String], input: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(tool) failed")
        return String(decoding: data, as: UTF8.self)
    }
}
