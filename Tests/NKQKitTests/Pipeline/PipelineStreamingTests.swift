import Foundation
import NKQTestSupport
import Synchronization
import Testing
@testable import NKQKit

/// How many rows the pipeline pulled.
final class PullCounter: Sendable {
    private let count = Mutex(0)
    var pulled: Int { count.withLock { $0 } }
    func pull() { count.withLock { $0 += 1 } }
}

/// NDJSON lines read lazily from a file's bytes, counted as they are pulled.

struct NDJSONRows: AsyncSequence {
    typealias Element = JSONValue
    let data: Data
    let counter: PullCounter

    struct AsyncIterator: AsyncIteratorProtocol {
        let data: Data
        var offset: Data.Index
        let counter: PullCounter

        mutating func next() async throws -> JSONValue? {
            while offset < data.endIndex {
                let end = data[offset...].firstIndex(of: 0x0A) ?? data.endIndex
                let line = data[offset..<end]
                offset = end < data.endIndex ? end + 1 : end
                if line.isEmpty { continue }
                counter.pull()
                return try JSONValue.parse(bytes: line)
            }
            return nil
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(data: data, offset: data.startIndex, counter: counter) }
}

@Suite struct PipelineStreamingTests {
    /// `rows` NDJSON rows in `rows.ndjson` in `folder`; returns the file's path.
    static func ndjsonFile(rows: Int, in folder: TemporaryFolder) -> String {
        var text = ""
        text.reserveCapacity(rows * 60)
        for i in 0..<rows {
            text += #"{"id":\#(i),"supplier":\#(10000 + i % 50),"value":\#(i % 1000).5,"text":"row \#(i)"}"# + "\n"
        }
        return folder.write("rows.ndjson", text)
    }

    @Test func whereAndLimitStopPullingEarlyFrom200kRows() async throws {
        let folder = TemporaryFolder("pipeline")
        defer { folder.remove() }
        let path = Self.ndjsonFile(rows: 200_000, in: folder)
        let plan = try PlanFixture.plan("get file '\(path)' where supplier = 10007 and value > 500 | limit 5")
        #expect(plan.limit == .stopsStream(5, after: "where"))
        let counter = PullCounter()
        var out: [JSONValue] = []
        for try await row in plan.local.rows(from: NDJSONRows(data: try Data(contentsOf: URL(fileURLWithPath: path)), counter: counter)) {
            out.append(row)
        }
        #expect(out.map { $0["id"].intValue ?? -1 } == [507, 557, 607, 657, 707])
        // The fifth match is row 707: nothing after it was read.
        #expect(counter.pulled == 708)
    }

    @Test func sortBeforeLimitReadsEverything() async throws {
        let rows = (0..<100).map { JSONValue.object(JSONObject([("i", .int($0))])) }
        let counter = PullCounter()
        let plan = try PlanFixture.plan("get stdin | sort i desc | limit 2")
        let data = Data(rows.map { $0.jsonText() }.joined(separator: "\n").utf8)
        var out: [Int] = []
        for try await row in plan.local.rows(from: NDJSONRows(data: data, counter: counter)) { out.append(row["i"].intValue ?? -1) }
        #expect(out == [99, 98])
        #expect(counter.pulled == 100)
    }

    @Test func asyncAndInMemoryRunsAgree() async throws {
        let rows = (0..<300).map { i in JSONValue.object(JSONObject([("i", .int(i)), ("g", .int(i % 7)), ("list", [.int(i), .int(i + 1)])])) }
        let data = Data(rows.map { $0.jsonText() }.joined(separator: "\n").utf8)
        for stages in ["where g = 3 | select i as n, g", "flatten list | distinct list | limit 20", "group by g with count(), sum(i)", "sort g desc, i | limit 4", "count"] {
            let pipeline = try PipelineFixture.pipeline(stages)
            var streamed: [JSONValue] = []
            for try await row in pipeline.rows(from: NDJSONRows(data: data, counter: PullCounter())) { streamed.append(row) }
            #expect(try streamed == pipeline.run(rows), "\(stages)")
        }
    }
}
