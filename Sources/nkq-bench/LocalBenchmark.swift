// The local pipeline against jq on the same NDJSON file, in the same run:
// where + sort + select + limit over 200,000 and 1,000,000 rows.
// Reading: whole file, split on newlines, JSONValue.parse(bytes:) per line; the time includes
// reading and parsing, as jq's does. (Benchmark 3 measures the same through the nkq binary.)
import Foundation
import NKQKit

enum LocalBenchmark {
    static let statement = "get stdin where supplier = 10007 and value > 500 | sort value desc, id | select id, value, text | limit 20"
    static let jqProgram = "[inputs | select(.supplier == 10007 and .value > 500)] | sort_by(-.value, .id) | .[:20][] | {id, value, text}"

    static func run(_ arguments: [String]) throws {
        let local = try pipeline()
        print("statement: \(statement)")
        print("jq:        \(jqProgram)")
        for rows in [200_000, 1_000_000] {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("nkq-bench-local-\(rows).ndjson")
            try generate(rows: rows, to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            let (nkqTime, nkqRows) = try Measure.seconds { try runPipeline(local, file: url) }
            let (jqTime, jqRows) = try Measure.seconds { try runJQ(file: url) }
            // jq prints numbers as it reads them; compare ids to check both did the same work.
            let same = nkqRows.count == jqRows.count && zip(nkqRows, jqRows).allSatisfy { a, b in
                (try? JSONValue.parse(a)["id"]) == (try? JSONValue.parse(b)["id"])
            }
            print(String(format: "%9d rows: nkq %.3f s (%.0f rows/s), jq %.3f s, nkq/jq %.2f, same rows: %@",
                         rows, nkqTime, Double(rows) / nkqTime, jqTime, nkqTime / jqTime, same ? "yes" : "NO"))
        }
    }

    static func generate(rows: Int, to url: URL) throws {
        var text = ""
        text.reserveCapacity(rows * 120)
        for i in 0..<rows {
            let approved = "2024-\(String(format: "%02d", i % 12 + 1))-\(String(format: "%02d", i % 28 + 1))T10:\(String(format: "%02d", i % 60)):00.\(i % 100)Z"
            text += #"{"id":\#(i),"supplier":\#(10000 + i % 50),"value":\#(i % 997).\#(i % 10)5,"approved":"\#(approved)","text":"row \#(i) Takstein","active":\#(i % 3 == 0)}"#
            text += "\n"
        }
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    static func pipeline() throws -> LocalPipeline {
        let script = Parser.parseScript(SourceText(statement))
        guard case .query(let query)? = script.statements.first else { fatalError("statement does not parse") }
        return try Planner().plan(try Analyzer().analyzed(query), in: script.source).local
    }

    static func runPipeline(_ local: LocalPipeline, file: URL) throws -> [String] {
        let data = try Data(contentsOf: file)
        var rows: [JSONValue] = []
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            for i in 0...bytes.count where i == bytes.count || bytes[i] == 0x0A {
                if i > start { rows.append(try JSONValue.parse(bytes: UnsafeBufferPointer(rebasing: bytes[start..<i]))) }
                start = i + 1
            }
        }
        return try local.run(rows).map { $0.jsonText() }
    }

    static func runJQ(file: URL) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["jq", "-c", "-n", jqProgram, file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: out, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
