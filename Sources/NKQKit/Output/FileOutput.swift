#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A buffered sink over a file descriptor: stdout, stderr, or a file opened for `.output FILE`.
public final class FileOutput: TextOutput, @unchecked Sendable {
    public let fileDescriptor: Int32
    /// The file's path when this sink opened it; nil for stdout/stderr.
    public let path: String?
    public var failure: OutputError? { lock.withLock { firstFailure } }
    // All mutable state is guarded by `lock`.
    private let lock = NSLock()
    private var firstFailure: OutputError?
    private var buffer: [UInt8] = []
    private let capacity: Int
    private let ownsDescriptor: Bool
    private var isClosed = false

    public init(fileDescriptor: Int32, capacity: Int = 1 << 16) {
        self.fileDescriptor = fileDescriptor
        self.path = nil
        self.capacity = capacity
        self.ownsDescriptor = false
        buffer.reserveCapacity(capacity)
    }

    /// Opens (creating or truncating, or appending) a file for writing; a leading `~/` is the
    /// home directory, as people type it after `.output`.
    public init(path: String, append: Bool = false, capacity: Int = 1 << 16) throws(OutputError) {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC)
        let fd = open(NSString(string: path).expandingTildeInPath, flags, 0o644)
        guard fd >= 0 else {
            throw OutputError(path: path, message: String(cString: strerror(errno)))
        }
        self.fileDescriptor = fd
        self.path = path
        self.capacity = capacity
        self.ownsDescriptor = true
        buffer.reserveCapacity(capacity)
    }

    /// The one stdout sink, so that all data shares one buffer and keeps its order; flush it
    /// before exiting (a static is never deinitialised).
    public static let standardOutput = FileOutput(fileDescriptor: STDOUT_FILENO)
    /// The one stderr sink; it writes through (no buffering) so notes show at once and in order.
    public static let standardError = FileOutput(fileDescriptor: STDERR_FILENO, capacity: 1)

    deinit {
        drain()
        if ownsDescriptor, !isClosed { _ = systemClose(fileDescriptor) }
    }

    public func write(_ text: String) {
        lock.withLock {
            guard firstFailure == nil else { return }
            buffer.append(contentsOf: text.utf8)
            if buffer.count >= capacity { drain() }
        }
    }

    public func write(utf8 bytes: [UInt8]) {
        lock.withLock {
            guard firstFailure == nil else { return }
            buffer.append(contentsOf: bytes)
            if buffer.count >= capacity { drain() }
        }
    }

    public func flush() throws {
        try lock.withLock {
            drain()
            if let firstFailure { throw firstFailure }
        }
    }

    /// Closes a file this sink opened, after flushing; stdout/stderr stay open.
    public func close() throws {
        try lock.withLock {
            defer {
                if ownsDescriptor, !isClosed {
                    isClosed = true
                    _ = systemClose(fileDescriptor)
                }
            }
            drain()
            if let firstFailure { throw firstFailure }
        }
    }

    /// Writes the buffer out; called with `lock` held (or from deinit).
    private func drain() {
        guard firstFailure == nil, !isClosed, !buffer.isEmpty else {
            buffer.removeAll(keepingCapacity: true)
            return
        }
        let fd = fileDescriptor
        let error: Int32? = buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = systemWrite(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += n
            }
            return nil
        }
        buffer.removeAll(keepingCapacity: true)
        if let error {
            firstFailure = OutputError(path: path, message: String(cString: strerror(error)), isBrokenPipe: error == EPIPE)
        }
    }
}

// The methods above shadow the C names; these reach the C functions.
private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { write(fd, p, n) }
private func systemClose(_ fd: Int32) -> Int32 { close(fd) }
