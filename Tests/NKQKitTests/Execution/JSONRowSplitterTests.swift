import Foundation
import Testing
@testable import NKQKit

/// Rows from JSON arrays and NDJSON, fed in chunks of every size.
@Suite struct JSONRowSplitterTests {
    static func split(_ text: String, chunk: Int) throws -> [JSONValue] {
        var splitter = JSONRowSplitter(origin: "test")
        let bytes = Array(text.utf8)
        var rows: [JSONValue] = []
        var start = 0
        while start < bytes.count {
            rows += try splitter.feed(bytes[start..<min(start + chunk, bytes.count)])
            start += chunk
        }
        return rows + (try splitter.finish())
    }

    static let tricky = #"{"a":"x],\"y{","b":[1,[2,{"c":"]"}]],"d":{"e":","}}"#

    @Test(arguments: [1, 2, 3, 7, 1000])
    func arraysSplitIntoElementsAcrossChunks(chunk: Int) throws {
        let text = "\u{FEFF} [ \(Self.tricky) ,\n {\"n\":2}, 3, \"s\", null ]\n"
        let rows = try Self.split(text, chunk: chunk)
        #expect(rows == [try JSONValue.parse(Self.tricky), ["n": 2], 3, "s", nil])
    }

    @Test(arguments: [1, 5, 1000])
    func ndjsonSplitsIntoLinesSkippingBlankOnes(chunk: Int) throws {
        let text = "\(Self.tricky)\r\n\n  {\"n\":2}\n{\"n\":3}"
        let rows = try Self.split(text, chunk: chunk)
        #expect(rows == [try JSONValue.parse(Self.tricky), ["n": 2], ["n": 3]])
    }

    @Test func emptyInputsHaveNoRows() throws {
        #expect(try Self.split("", chunk: 4).isEmpty)
        #expect(try Self.split(" [ ] ", chunk: 4).isEmpty)
        #expect(try Self.split("\n\n", chunk: 4).isEmpty)
    }

    @Test func aBadLineIsNamedByItsNumber() {
        #expect {
            _ = try Self.split("{\"n\":1}\n{\"n\":}\n", chunk: 3)
        } throws: { error in
            guard case ExecutionError.source(let text) = error else { return false }
            return text.hasPrefix("test, line 2: invalid JSON")
        }
    }

    @Test(arguments: ["[1,2", "[1,,2]", "[1,2] x", "[1,]"])
    func malformedArraysAreErrors(text: String) {
        #expect(throws: ExecutionError.self) { try Self.split(text, chunk: 2) }
    }
}

/// `file` sources end to end through the executor.
@Suite struct FileSourceTests {
    static func temporaryFile(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("nkq-exec-\(UUID().uuidString).json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aLargeNDJSONFileStreamsInBatches() async throws {
        // Several 64 KiB chunks; rows must come in order, none lost at chunk edges.
        let count = 20_000
        let text = (0..<count).map { #"{"id":\#($0),"pad":"\#(String(repeating: "x", count: $0 % 17))"}"# }
            .joined(separator: "\n")
        let path = try Self.temporaryFile(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let execution = try Executor(session: nil).run(Plan(source: .file(path: path), cost: .zero))
        var next = 0
        for try await row in execution {
            #expect(row["id"].intValue == next)
            next += 1
        }
        #expect(next == count)
        #expect(execution.stats.rows == count)
        #expect(execution.stats.calls == 0)
        #expect(execution.stats.complete)
    }

    @Test func aJSONArrayFileWithDedupAndFetchLimit() async throws {
        let path = try Self.temporaryFile(#"[{"id":1},{"id":1},{"id":2},{"id":3},{"id":4}]"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let plan = Plan(source: .file(path: path), dedupKey: [["id"]], fetchLimit: 3, cost: .zero)
        let rows = try await Executor(session: nil).run(plan).collect()
        #expect(rows.ids == [1, 2, 3])
    }

    @Test func aMissingFileIsASourceError() async throws {
        let execution = try Executor(session: nil).run(Plan(source: .file(path: "/nonexistent/rows.json"), cost: .zero))
        await #expect {
            _ = try await execution.collect()
        } throws: { error in
            guard let error = error as? ExecutionError, case .source(let text) = error else { return false }
            return text.contains("/nonexistent/rows.json") && text.contains("No such file") && error.exitCode == 1
        }
    }

    @Test func anEmptyPlanHasNoRowsAndIsComplete() async throws {
        let execution = try Executor(session: nil).run(Plan(source: .empty, cost: .zero))
        #expect(try await execution.collect().isEmpty)
        #expect(execution.stats.complete)
    }

    @Test func anAPIPlanWithoutATargetIsRefused() {
        #expect(throws: ExecutionError.self) {
            _ = try Executor(session: nil).run(.requests([PlannedRequest(path: "/v1/zones", query: [])]))
        }
    }
}
