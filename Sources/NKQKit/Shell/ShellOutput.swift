import Foundation
import Synchronization

/// Where rendered rows go: standard output, or a file after `.output FILE`. Shared by the REPL,
/// the script runner and the engine. Every write goes through one `FileOutput` (buffered, never
/// trapping); the shell flushes after each statement and reads `failure` to stop on a closed
/// pipe or a full disk.
public final class ShellOutput: TextOutput, Sendable {
    private struct Current {
        var sink: FileOutput
        var path: String?
    }

    private let current: Mutex<Current>
    private let standardOutput: FileOutput

    /// `standardOutput` is the sink `.output` with no file returns to (tests pass a file's).
    public init(standardOutput: FileOutput = .standardOutput) {
        self.standardOutput = standardOutput
        current = Mutex(Current(sink: standardOutput, path: nil))
    }

    /// The file output goes to; nil = standard output.
    public var destination: String? {
        current.withLock { $0.path }
    }

    /// The first write that failed on the current destination, if any.
    public var failure: OutputError? {
        current.withLock { $0.sink }.failure
    }

    /// Standard output is a pipe whose reader has gone (see `FileOutput.readerHasGone`).
    public func readerHasGone() -> Bool {
        let state = current.withLock { $0 }
        return state.path == nil && state.sink.readerHasGone()
    }

    public func write(_ text: String) {
        current.withLock { $0.sink }.write(text)
    }

    public func write(utf8 bytes: [UInt8]) {
        current.withLock { $0.sink }.write(utf8: bytes)
    }

    public func flush() throws {
        try current.withLock { $0.sink }.flush()
    }

    /// `.output FILE` opens FILE as a shell's `>` does (see `FileOutput.init(path:)`); `.output`
    /// with no file goes back to standard output. The file left behind is flushed and closed;
    /// a failure there is thrown after the switch.
    public func redirect(to newPath: String?) throws {
        var opened: FileOutput?
        if let newPath {
            do {
                opened = try FileOutput(path: newPath)
            } catch {
                throw ShellError("cannot write to '\(newPath)': \(error.message)", help: "check that its folder exists and is writable",
                                 status: .failed)
            }
        }
        let previous = current.withLock { state in
            defer { state = Current(sink: opened ?? standardOutput, path: newPath) }
            return state
        }
        do {
            if previous.path != nil { try previous.sink.close() } else { try previous.sink.flush() }
        } catch {
            throw ShellError("\(error)", status: .failed)
        }
    }
}

/// Messages for people (diagnostics, notes, banner) go to standard error, so that standard
/// output holds only rows.
public enum StandardError {
    public static func write(_ text: String) {
        FileOutput.standardError.write(text)
    }
}
