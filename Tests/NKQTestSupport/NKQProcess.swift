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

    /// Runs nkq to its end; `directory` is its working folder (the current one when nil), and
    /// `whileRunning` gets its process id once it started (to signal it, say). Waits without
    /// holding a thread of the cooperative pool: the pipes are read and written on threads of
    /// their own and the exit comes from the termination handler, so that tests running many
    /// processes at once do not starve the pool.
    public func run(_ arguments: [String], stdin: String? = nil, environment extra: [String: String] = [:],
                    removing: [String] = [], directory: String? = nil,
                    whileRunning: (Int32) async -> Void = { _ in }) async throws -> Result {
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
        // Buffered, so that an exit before anyone waits is not missed.
        let (exits, exited) = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { exited.yield($0.terminationStatus) }
        try process.run()
        // Both pipes are read while it runs and stdin is written beside them, so that a full
        // pipe cannot block it (nor us).
        async let output = Self.readToEnd(out.fileHandleForReading)
        async let errors = Self.readToEnd(err.fileHandleForReading)
        let writer = input.fileHandleForWriting
        Thread {
            if let stdin { try? writer.write(contentsOf: Data(stdin.utf8)) }
            try? writer.close()
        }.start()
        await whileRunning(process.processIdentifier)
        var statuses = exits.makeAsyncIterator()
        let status = await statuses.next() ?? -1
        return Result(status: status, stdout: String(decoding: await output, as: UTF8.self),
                      stderr: String(decoding: await errors, as: UTF8.self))
    }

    /// Everything until the end of the pipe, read on a thread of its own.
    static func readToEnd(_ handle: FileHandle) async -> Data {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: handle.readDataToEndOfFile()) }.start()
        }
    }
}
