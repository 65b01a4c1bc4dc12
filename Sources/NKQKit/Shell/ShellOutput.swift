import Foundation

/// Where rendered rows go: standard output, or a file after `.output FILE`. Shared by the REPL,
/// the script runner and the engine; writes are serialised so that concurrent renderers never
/// interleave inside a line.
public final class ShellOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var handle: FileHandle
    private var path: String?

    public init(handle: FileHandle = .standardOutput) {
        self.handle = handle
    }

    /// The file output goes to; nil = standard output.
    public var destination: String? {
        lock.withLock { path }
    }

    public func write(_ text: String) {
        lock.withLock { handle.write(Data(text.utf8)) }
    }

    /// `.output FILE` (truncates it) or `.output` with no file (back to standard output).
    public func redirect(to newPath: String?) throws {
        try lock.withLock {
            if let newPath {
                guard FileManager.default.createFile(atPath: newPath, contents: nil) ,
                      let file = FileHandle(forWritingAtPath: newPath) else {
                    throw ShellError("cannot write to '\(newPath)'", help: "check that its folder exists and is writable")
                }
                closeFile()
                handle = file
                path = newPath
            } else {
                closeFile()
                handle = .standardOutput
                path = nil
            }
        }
    }

    private func closeFile() {
        if path != nil { try? handle.close() }
    }
}

/// Messages for people (diagnostics, notes, banner) go to standard error, so that standard
/// output holds only rows.
public enum StandardError {
    public static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
