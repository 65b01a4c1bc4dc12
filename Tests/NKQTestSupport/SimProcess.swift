import Foundation
import Synchronization

/// `nkq sim` in a child process, listening on a free port; terminated when the value goes away.
public final class SimProcess: Sendable {
    public let port: Int
    private let process: Process
    private let errors: Log
    private let errorPipe: Pipe

    /// What the child writes to standard error, as it comes.
    private final class Log: Sendable {
        let data = Mutex(Data())
    }

    /// Starts `nkq sim --port 0 ARGUMENTS` and waits (reading its first line, which it prints
    /// once it listens) until it serves. With `fileDescriptorLimit` it runs under that
    /// `ulimit -n` (through `/bin/sh`, which then becomes it: the process id stays).
    public init(_ arguments: [String], fileDescriptorLimit: Int? = nil) throws {
        let process = Process()
        if let fileDescriptorLimit {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -n \(fileDescriptorLimit) && exec \"$0\" \"$@\"", NKQBinary.path,
                                 "sim", "--port", "0"] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: NKQBinary.path)
            process.arguments = ["sim", "--port", "0"] + arguments
        }
        let out = Pipe(), errorPipe = Pipe()
        process.standardOutput = out
        process.standardError = errorPipe
        let errors = Log()
        errorPipe.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            errors.data.withLock { $0.append(chunk) }
        }
        try process.run()
        var line = Data()
        while let byte = try out.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line.append(byte)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("listening on http://127.0.0.1:"), let port = Int(text.split(separator: ":").last ?? "") else {
            process.terminate()
            process.waitUntilExit()
            throw CocoaError(.fileReadCorruptFile)
        }
        self.port = port
        self.process = process
        self.errors = errors
        self.errorPipe = errorPipe
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
        errorPipe.fileHandleForReading.readabilityHandler = nil
    }

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The child's process id.
    public var processIdentifier: Int32 { process.processIdentifier }

    /// `--endpoint` and `--token-url` for nkq.
    public var target: [String] {
        ["--endpoint", baseURL + "/nobbkontrakt", "--token-url", baseURL + "/api/v1/token"]
    }

    /// What it has written to standard error so far.
    public var standardError: String { errors.data.withLock { String(decoding: $0, as: UTF8.self) } }
}
