// Renders generated rows to /dev/null in every format and reports rows per second, and shows
// that NDJSON output runs in flat memory (peak RSS after 1,000 rows vs after N rows streamed).
//
//   nkq-bench output [--rows N] [--buffered-rows M]
//
// Streaming formats (ndjson, json, csv, tsv) render N rows (default 1,000,000), cycled
// through a pool of 1,000 distinct rows, so only the renderer's own memory shows. Table,
// expanded and markdown must hold every row for their widths, so they render M rows (default
// 100,000) to keep the run within a shared machine's memory; rows per second still compare.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import NKQKit

enum OutputBenchmark {
    static func run(_ arguments: [String]) throws {
        func argument(_ name: String, default value: Int) -> Int {
            guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count, let n = Int(arguments[i + 1]), n > 0
            else { return value }
            return n
        }
        let rowCount = argument("--rows", default: 1_000_000)
        let bufferedRowCount = min(argument("--buffered-rows", default: 100_000), rowCount)
        // 1,000 distinct rows, cycled, so that the run measures rendering rather than building
        // rows and memory stays flat for the streaming formats.
        let pool = (0..<1_000).map(makeRow)

        print("nkq-bench output: \(rowCount) rows streamed, \(bufferedRowCount) rows for buffered formats")
        // Memory first, before any buffered format raises the peak.
        _ = try render(.ndjson, count: 1_000, pool: pool)
        let baselineRSS = peakRSSKilobytes()
        let ndjsonSeconds = try render(.ndjson, count: rowCount, pool: pool)
        let streamedRSS = peakRSSKilobytes()
        print("peak RSS after ndjson of 1,000 rows:        \(baselineRSS) KiB")
        print("peak RSS after ndjson of \(rowCount) rows: \(streamedRSS) KiB (growth \(streamedRSS - baselineRSS) KiB)")
        line("ndjson", rows: rowCount, seconds: ndjsonSeconds)
        for format in [OutputFormat.json, .csv, .tsv] {
            line(format.rawValue, rows: rowCount, seconds: try render(format, count: rowCount, pool: pool))
        }
        for format in [OutputFormat.table, .expanded, .markdown] {
            line(format.rawValue + " (buffered)", rows: bufferedRowCount,
                 seconds: try render(format, count: bufferedRowCount, pool: pool))
        }
        try readBack(rows: min(rowCount, 200_000), pool: pool)
    }

    /// A contract-like row; varied so that widths, quoting and escapes all do work.
    static func makeRow(_ i: Int) -> JSONValue {
        var object = JSONObject()
        object["contractId"] = .int(10_000 + i)
        object["supplier"] = .string(i % 3 == 0 ? "Rørlegger Bergen AS" : "Ahlsell Norge, avd. \(i % 97)")
        object["text"] = .string(i % 5 == 0 ? "Avtale \"\(i)\"\nmed linjeskift" : "Rabattavtale \(i) æøå")
        object["approved"] = .string("2024-\(String(format: "%02d", i % 12 + 1))-15")
        object["discount"] = .number(JSONNumber(text: "\(i % 40).\(i % 10)0"))
        object["active"] = .bool(i % 2 == 0)
        object["note"] = i % 4 == 0 ? .null : .string("")
        object["conditions"] = .array((0..<(i % 4)).map { .object(JSONObject([("id", .int($0)), ("value", .double(Double($0) * 1.5))])) })
        object["price"] = .object(JSONObject([("value", .double(Double(i % 1000) + 0.5)), ("currency", "NOK")]))
        return .object(object)
    }

    /// This process's peak resident memory. On Linux from `VmHWM`, not `getrusage`: the
    /// latter keeps the parent's peak across exec, so under a large harness it shows the harness.
    static func peakRSSKilobytes() -> Int {
        #if os(Linux)
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kib = Int(line.split(separator: " ").dropFirst().first ?? "")
        {
            return kib
        }
        #endif
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        #if canImport(Darwin)
        return Int(usage.ru_maxrss) / 1024
        #else
        return Int(usage.ru_maxrss)
        #endif
    }

    /// Renders `count` rows of `pool`, cycled, in `format` to /dev/null; returns seconds taken.
    static func render(_ format: OutputFormat, count: Int, pool: [JSONValue]) throws -> Double {
        let sink = try FileOutput(path: "/dev/null")
        let options = RenderOptions(format: format, terminalWidth: 120, pretty: false)
        var renderer = format.makeRenderer(options: options, output: sink)
        return try Measure.seconds {
            renderer.begin(columns: nil)
            for i in 0..<count { renderer.write(pool[i % pool.count]) }
            renderer.finish(ResultFooter(rowCount: count))
            try sink.close()
        }.seconds
    }

    /// Reading NDJSON back, as `file 'PATH'` sources do.
    static func readBack(rows readCount: Int, pool: [JSONValue]) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bench-output-\(getpid()).ndjson").path
        do {
            let file = try FileOutput(path: path)
            var renderer = OutputFormat.ndjson.makeRenderer(options: RenderOptions(format: .ndjson), output: file)
            for i in 0..<readCount { renderer.write(pool[i % pool.count]) }
            try file.close()
        }
        defer { unlink(path) }
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        var reader = NDJSONReader(fileDescriptor: fd)
        let (seconds, readRows) = try Measure.seconds {
            var readRows = 0
            while try reader.next() != nil { readRows += 1 }
            return readRows
        }
        precondition(readRows == readCount)
        line("ndjson read (parse)", rows: readRows, seconds: seconds)
    }

    static func line(_ label: String, rows: Int, seconds: Double) {
        let rate = Double(rows) / seconds
        print("\(label.padding(toLength: 22, withPad: " ", startingAt: 0)) \(String(format: "%9d", rows)) rows  \(String(format: "%7.2f", seconds)) s  \(String(format: "%10.0f", rate)) rows/s")
    }
}
