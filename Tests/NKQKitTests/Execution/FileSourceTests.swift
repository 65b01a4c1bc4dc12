import Foundation
import NKQTestSupport
import Testing
@testable import NKQKit

/// `file` and `stdin` sources: rows from JSON arrays and NDJSON files through the executor.
@Suite(.timeLimit(.minutes(1))) struct FileSourceTests {
    @Test func aLargeNDJSONFileStreamsInBatches() async throws {
        // Several 64 KiB chunks; rows must come in order, none lost at chunk edges.
        let count = 20_000
        let text = (0..<count).map { #"{"id":\#($0),"pad":"\#(String(repeating: "x", count: $0 % 17))"}"# }
            .joined(separator: "\n")
        let folder = TemporaryFolder("exec")
        defer { folder.remove() }
        let path = folder.write("rows.json", text)
        let execution = try Executor(session: nil).run(Plan(source: .file(path: path), cost: .zero))
        var next = 0
        try await execution.withRows { rows in
            for try await row in rows {
                #expect(row["id"].intValue == next)
                next += 1
            }
        }
        #expect(next == count)
        #expect(execution.stats.rows == count)
        #expect(execution.stats.calls == 0)
        #expect(execution.stats.complete)
    }

    /// The files this process holds open (Linux).
    static func openFiles() -> Set<String> {
        let folder = "/proc/self/fd"
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return Set(entries.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: folder + "/" + $0) })
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/fd")))
    func aRunStoppedEarlyClosesItsFile() async throws {
        // More rows than one batch, so that the reader is mid-file when the consumer stops.
        let text = (0..<(FileRowReader.batchSize * 3)).map { #"{"id":\#($0)}"# }.joined(separator: "\n")
        let folder = TemporaryFolder("exec")
        defer { folder.remove() }
        let path = folder.write("rows.json", text)
        let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        for fetchLimit in [1, nil] {
            do {
                let execution = try Executor(session: nil).run(Plan(source: .file(path: path), fetchLimit: fetchLimit, cost: .zero))
                try await execution.withRows { rows in
                    for try await _ in rows { break }
                }
            }
            #expect(!Self.openFiles().contains { $0 == path || $0 == real }, "fetch limit \(String(describing: fetchLimit))")
        }
    }

    /// A statement over a file through the planner and executor, as the shell runs it: its rows
    /// and the rows the run read.
    static func run(_ stages: String, path: String) async throws -> (rows: [JSONValue], read: Int) {
        let plan = try PlanFixture.plan("get file '\(path)' | " + stages)
        let execution = try Executor(session: nil).run(plan)
        let rows = try await execution.withRows { rows in
            var kept: [JSONValue] = []
            for try await row in plan.local.rows(from: rows) { kept.append(row) }
            return kept
        }
        return (rows, execution.stats.rows)
    }

    @Test func readersThatBuildPartsOfRowsGiveTheRowsOfWholeOnes() async throws {
        // Several chunks of lines, rows of changing shape, blank lines, a CSV twin.
        let count = 5_000
        let lines = (0..<count).map { i -> String in
            let amount = (i * 7919) % 1000
            let extra = i % 3 == 0 ? #","note":"n\#(i)","tags":[1,{"x":"}"}]"# : ""
            let supplier = i % 11 == 0 ? "null" : String(10000 + i % 13)
            return #"{"id":\#(i),"supplier":\#(supplier),"amount":\#(amount).5\#(extra)}"# + (i % 100 == 0 ? "\n" : "")
        }
        let folder = TemporaryFolder("exec")
        defer { folder.remove() }
        let path = folder.write("rows.json", lines.joined(separator: "\n"))
        let csvText = "id,supplier,amount\n" + (0..<count).map { i in
            "\(i),\(i % 11 == 0 ? "" : String(10000 + i % 13)),\((i * 7919) % 1000).5"
        }.joined(separator: "\n")
        let csv = folder.write("rows.csv", csvText)
        for file in [path, csv] {
            let all = try await Self.run("where id >= 0", path: file).rows
            #expect(all.count == count)
            for stages in ["where amount >= 900 and supplier != 10001", "where supplier is null or amount < 10 | count",
                           "where amount > 500 | sort amount desc, id | select id, amount | limit 7",
                           "group by supplier with count() as n, sum(amount) as total", "select id, note",
                           "where not supplier in (10001, 10002) and amount >= 100 | where id < 4000 | sort id desc | limit 3"] {
                let fast = try await Self.run(stages, path: file)
                let plain = try PipelineFixture.pipeline(stages).run(all)
                #expect(fast.rows == plain, "\(stages) over \(file)")
                #expect(fast.read == count, "\(stages) over \(file)")
            }
        }
    }

    @Test func aJSONArrayFileWithDedupAndFetchLimit() async throws {
        let folder = TemporaryFolder("exec")
        defer { folder.remove() }
        let path = folder.write("rows.json", #"[{"id":1},{"id":1},{"id":2},{"id":3},{"id":4}]"#)
        let plan = Plan(source: .file(path: path), dedupKey: [["id"]], fetchLimit: 3, cost: .zero)
        let rows = try await Executor(session: nil).run(plan).collect()
        #expect(rows.ids == [1, 2, 3])
    }

    @Test func aBadLineIsNamedByItsNumber() async throws {
        let folder = TemporaryFolder("exec")
        defer { folder.remove() }
        let path = folder.write("rows.json", "{\"id\":1}\n{\"id\":2}\n{\"id\":\n")
        let execution = try Executor(session: nil).run(Plan(source: .file(path: path), cost: .zero))
        await #expect {
            _ = try await execution.collect()
        } throws: { error in
            guard let error = error as? ExecutionError, case .source(let text) = error else { return false }
            return text.contains("line 3") && text.contains(path)
        }
    }

    @Test func aMissingFileIsASourceError() async throws {
        let execution = try Executor(session: nil).run(Plan(source: .file(path: "/nonexistent/rows.json"), cost: .zero))
        await #expect {
            _ = try await execution.collect()
        } throws: { error in
            guard let error = error as? ExecutionError, case .source(let text) = error else { return false }
            return text.contains("/nonexistent/rows.json") && text.contains("No such file") && error.status == .failed
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
