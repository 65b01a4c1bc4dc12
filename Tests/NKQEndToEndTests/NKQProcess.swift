import Foundation

/// Runs the built `nkq` binary as a subprocess, with a private HOME and XDG folders.
struct NKQProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `nkq` next to the test bundle (`.build/<triple>/debug/`), else `.build/debug/nkq`.
    static let binary: String = {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("nkq").path
        if FileManager.default.isExecutableFile(atPath: besideTests) { return besideTests }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/nkq").path
    }()

    /// Until the embedded simulator is wired into the binary, the REPL and script tests name a
    /// target explicitly. Nothing is sent there: these tests run no query.
    static let offlineTarget = ["--endpoint", "http://127.0.0.1:9/nobbkontrakt", "--token-url", "http://127.0.0.1:9/api/v1/token"]

    let home: TemporaryFolder

    init() {
        home = TemporaryFolder()
    }

    /// A clean environment: no LANG, the private folders, and the demo-like credentials that
    /// `offlineTarget` needs.
    var environment: [String: String] {
        [
            "HOME": home.path,
            "XDG_CONFIG_HOME": home.path + "/config",
            "XDG_STATE_HOME": home.path + "/state",
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "NKQ_CLIENT_ID": "test-client",
            "NKQ_CLIENT_SECRET": "test-secret-value",
        ]
    }

    func run(_ arguments: [String], stdin: String? = nil, environment extra: [String: String] = [:],
             removing: [String] = [], directory: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
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

/// A folder that is removed when the value goes away.
final class TemporaryFolder: @unchecked Sendable {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "nkq-e2e-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ text: String, mode: Int = 0o644) -> String {
        let file = path + "/" + name
        try? FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: file, contents: Data(text.utf8))
        chmod(file, mode_t(mode))
        return file
    }
}
