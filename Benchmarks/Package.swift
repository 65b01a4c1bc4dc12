// swift-tools-version:6.1
// Benchmarks live in their own package so that `swift build` of nkq does not build them.
// Run them through `scripts/bench` (release builds).
import PackageDescription

let package = Package(
    name: "nkq-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "nkq", path: ".."),
    ],
    targets: [
        // Renderers: rows per second for each format, and NDJSON memory.
        .executableTarget(name: "bench-output", dependencies: [.product(name: "NKQKit", package: "nkq")]),
        // Lexer, parser and analyzer over a large script.
        .executableTarget(name: "bench-parse", dependencies: [.product(name: "NKQKit", package: "nkq")]),
        // Local pipeline (where, sort, select, limit) over NDJSON files.
        .executableTarget(name: "bench-local", dependencies: [.product(name: "NKQKit", package: "nkq")]),
    ],
    swiftLanguageModes: [.v6]
)
