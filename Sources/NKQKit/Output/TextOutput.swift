import Foundation

/// Where rendered text goes: stdout, a file (`.output FILE`) or a string (tests, REPL).
///
/// Writes do not throw, so that renderers stay simple; a sink remembers its first failure
/// (e.g. a closed pipe), drops later writes, and reports the failure from `flush()`.
/// Sinks lock around writes, so one stderr sink can be shared by tasks.
public protocol TextOutput: AnyObject, Sendable {
    func write(_ text: String)
    /// Writes UTF-8 bytes; sinks that hold bytes take them without making a String.
    func write(utf8 bytes: [UInt8])
    func flush() throws
}

extension TextOutput {
    public func write(utf8 bytes: [UInt8]) {
        write(String(decoding: bytes, as: UTF8.self))
    }
}

/// A write to an output failed; `path` is nil for stdout/stderr.
public struct OutputError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String?
    public let message: String
    /// The reader went away (EPIPE), e.g. `nkq … | head`; usually not worth reporting.
    public let isBrokenPipe: Bool

    public init(path: String?, message: String, isBrokenPipe: Bool = false) {
        self.path = path
        self.message = message
        self.isBrokenPipe = isBrokenPipe
    }

    public var description: String {
        if let path { return "cannot write to \(path): \(message)" }
        return "cannot write output: \(message)"
    }
}

/// Collects text in memory.
public final class StringOutput: TextOutput, @unchecked Sendable {
    private let lock = NSLock()
    private var collected = ""

    public init() {}

    public var text: String { lock.withLock { collected } }

    public func write(_ text: String) {
        lock.withLock { collected += text }
    }

    public func flush() throws {}
}
