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
