// nkq's Swift micro-benchmarks (benchmark 6 of scripts/bench), one program so that they share
// nkq's release build:
//
//   nkq-bench output [--rows N] [--buffered-rows M]   renderers: rows per second, NDJSON memory
//   nkq-bench parse [LINES]                           lexer, parser and analyzer over a script
//   nkq-bench local                                   the local pipeline against jq
//
// Run in release: `swift build -c release --product nkq-bench`, or through scripts/bench.
import Foundation

let benchmarks: [String: ([String]) throws -> Void] = [
    "output": OutputBenchmark.run,
    "parse": ParseBenchmark.run,
    "local": LocalBenchmark.run,
]
let arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first, let benchmark = benchmarks[name] else {
    FileHandle.standardError.write(Data("usage: nkq-bench \(benchmarks.keys.sorted().joined(separator: "|")) [ARGUMENTS]\n".utf8))
    exit(2)
}
try benchmark(Array(arguments.dropFirst()))
