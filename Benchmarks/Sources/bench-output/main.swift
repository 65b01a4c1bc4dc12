// Renders generated rows to /dev/null in every format and reports rows per second, and shows
// that NDJSON output runs in flat memory (peak RSS after 1,000 rows vs after N rows streamed).
//
//   bench-output [--rows N] [--buffered-rows M]
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

func argument(_ name: String, default value: Int) -> Int {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: name), i + 1 < args.count, let n = Int(args[i + 1]), n > 0 else { return value }
    return n
}

let rowCount = argument("--rows", default: 1_000_000)
let bufferedRowCount = min(argument("--buffered-rows", default: 100_000), rowCount)

/// A contract-like row; varied so that widths, quoting and escapes all do work.
func makeRow(_ i: Int) -> JSONValue {
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

/// 1,000 distinct rows, cycled, so that the run measures rendering rather than building rows
/// and memory stays flat for the streaming formats.
let pool = (0..<1_000).map(makeRow)
func row(_ i: Int) -> JSONValue { pool[i % pool.count] }

func peakRSSKilobytes() -> Int {
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

/// Renders `count` generated rows in `format` to /dev/null; returns seconds taken.
func run(_ format: OutputFormat, count: Int) throws -> Double {
    let sink = try FileOutput(path: "/dev/null")
    let options = RenderOptions(format: format, terminalWidth: 120, pretty: false)
    var renderer = format.makeRenderer(options: options, output: sink)
    let start = DispatchTime.now().uptimeNanoseconds
    renderer.begin(columns: nil)
    for i in 0..<count { renderer.write(row(i)) }
    renderer.finish(ResultFooter(rowCount: count))
    try sink.close()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func line(_ label: String, rows: Int, seconds: Double) {
    let rate = Double(rows) / seconds
    print("\(label.padding(toLength: 22, withPad: " ", startingAt: 0)) \(String(format: "%9d", rows)) rows  \(String(format: "%7.2f", seconds)) s  \(String(format: "%10.0f", rate)) rows/s")
}

print("bench-output: \(rowCount) rows streamed, \(bufferedRowCount) rows for buffered formats")

// Memory first, before any buffered format raises the peak.
_ = try run(.ndjson, count: 1_000)
let baselineRSS = peakRSSKilobytes()
let ndjsonSeconds = try run(.ndjson, count: rowCount)
let streamedRSS = peakRSSKilobytes()
print("peak RSS after ndjson of 1,000 rows:        \(baselineRSS) KiB")
print("peak RSS after ndjson of \(rowCount) rows: \(streamedRSS) KiB (growth \(streamedRSS - baselineRSS) KiB)")
line("ndjson", rows: rowCount, seconds: ndjsonSeconds)

for format in [OutputFormat.json, .csv, .tsv] {
    line(format.rawValue, rows: rowCount, seconds: try run(format, count: rowCount))
}
for format in [OutputFormat.table, .expanded, .markdown] {
    line(format.rawValue + " (buffered)", rows: bufferedRowCount, seconds: try run(format, count: bufferedRowCount))
}

// Reading NDJSON back, as `file 'PATH'` sources do.
let readCount = min(rowCount, 200_000)
let path = FileManager.default.temporaryDirectory.appendingPathComponent("bench-output-\(getpid()).ndjson").path
do {
    let file = try FileOutput(path: path)
    var renderer = OutputFormat.ndjson.makeRenderer(options: RenderOptions(format: .ndjson), output: file)
    for i in 0..<readCount { renderer.write(row(i)) }
    try file.close()
}
defer { unlink(path) }
let fd = open(path, O_RDONLY)
var reader = NDJSONReader(fileDescriptor: fd)
let readStart = DispatchTime.now().uptimeNanoseconds
var readRows = 0
while try reader.next() != nil { readRows += 1 }
close(fd)
precondition(readRows == readCount)
line("ndjson read (parse)", rows: readRows, seconds: Double(DispatchTime.now().uptimeNanoseconds - readStart) / 1e9)
