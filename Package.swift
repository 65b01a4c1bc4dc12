// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "nkq",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "nkq", targets: ["nkq"]),
        .library(name: "NKQKit", targets: ["NKQKit"]),
        .library(name: "NKQSimulator", targets: ["NKQSimulator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        // async-http-client's own dependencies, named so that nkq can tell its errors apart by type.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.100.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.30.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.26.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
    ],
    targets: [
        // libedit's native el_* API; variadic C calls are wrapped in shim.h.
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        // Calendar arithmetic without Foundation's Calendar, for nkq and the simulator alike.
        .target(name: "NKQCalendar"),
        // The logic: language, planning, execution, output, shell.
        .target(
            name: "NKQKit",
            dependencies: [
                "CEditLine",
                "NKQCalendar",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                // The transport's errors: connection, socket, TLS and decompression failures.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
            ]
        ),
        // An HTTP server of the NOBB Kontrakt API: embedded default target and test peer.
        .target(
            name: "NKQSimulator",
            dependencies: [
                "NKQCalendar",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Thin executable: argument parsing and wiring.
        .executableTarget(
            name: "nkq",
            dependencies: [
                "NKQKit",
                "NKQSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Swift micro-benchmarks (scripts/bench runs them in release). In this package, not a
        // nested one, so that they share nkq's release build instead of repeating it.
        .executableTarget(name: "nkq-bench", dependencies: ["NKQKit"]),
        // What the test targets share: the nkq binary and `nkq sim` children, temporary
        // folders, and servers that stop when their test ends.
        .target(name: "NKQTestSupport", dependencies: ["NKQSimulator"], path: "Tests/NKQTestSupport"),
        .testTarget(
            name: "NKQKitTests",
            dependencies: [
                "NKQKit",
                "NKQSimulator",
                "NKQTestSupport",
                // A scripted loopback server for the executor's protocol tests.
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                // The transport's errors, for the table of how each is classified.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
            ]
        ),
        .testTarget(
            name: "NKQSimulatorTests",
            dependencies: [
                "NKQSimulator",
                "NKQTestSupport",
                // In-process requests through the router, for tests that need no socket.
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(name: "NKQEndToEndTests", dependencies: ["NKQKit", "NKQSimulator", "NKQTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
