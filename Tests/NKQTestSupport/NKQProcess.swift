import Foundation

/// Runs the built `nkq` binary as a subprocess, with a private HOME and XDG folders.
public struct NKQProcess: Sendable {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// A target nothing is sent to, for tests that run no query but need one named.
    public static let offlineTarget = ["--endpoint", "http://127.0.0.1:9/nobbkontrakt", "--token-url", "http://127.0.0.1:9/api/v1/token"]

    public let home: TemporaryFolder

    public init() {
        home = TemporaryFolder("e2e")
    }

    /// `$XDG_CACHE_HOME`: each test's response cache starts empty.
    public var cacheHome: String { home.path + "/cache" }

    /// A clean environment: no LANG, the private folders, and the demo-like credentials that
    /// `offlineTarget` needs.
    public var environment: [String: String] {
        [
            "HOME": home.path,
            "XDG_CONFIG_HOME": home.path + "/config",
            "XDG_STATE_HOME": home.path + "/state",
            "XDG_CACHE_HOME": cacheHome,
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "NKQ_CLIENT_ID": "test-client",
            "NKQ_CLIENT_SECRET": "test-secret-value",
        ]
    }

    /// Runs nkq to its end; `directory` is its working folder (the current one when nil).
    public func run(_ arguments: [String], stdin: String? = nil, environment extra: [String: String] = [:],
                    removing: [String] = [], directory: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: NKQBinary.path)
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.arguments = arguments
        var env = environment.merging(extra) { $1 }
        for key in removing { env.removeValue(forKey: key) }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes while it runs, so that a full pipe cannot block it.
        nonisolated(unsafe) var errData = Data()
        let errReader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        errReader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errReader.isFinished { Thread.sleep(forTimeInterval: 0.005) }
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}
