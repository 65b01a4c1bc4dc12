#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A buffered sink over a file descriptor: stdout, stderr, or a file opened for `.output FILE`.
/// Every byte nkq writes goes through `drain`, which never traps: the first failed write (a
/// closed pipe, a full disk, a closed descriptor) is kept in `failure`, later writes are
/// dropped, and the shell decides what the failure means (see `OutputError`).
public final class FileOutput: TextOutput, @unchecked Sendable {
    public let fileDescriptor: Int32
    /// The file's path when this sink opened it; nil for stdout/stderr.
    public let path: String?
    public var failure: OutputError? { lock.withLock { firstFailure } }
    public var hasFailed: Bool { failure != nil }
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

    /// Opens a file for writing as a shell's `>` (or `>>` with `append`) does: created with mode
    /// 0600 when missing, else truncated in place, so that its mode and owner stay, a symbolic
    /// link is followed and a device such as /dev/null is written to, never replaced. A leading
    /// `~/` is the home directory, as people type it after `.output`.
    public init(path: String, append: Bool = false, capacity: Int = 1 << 16) throws(OutputError) {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC)
        let fd = open(NSString(string: path).expandingTildeInPath, flags, 0o600)
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

    /// Whether this is a pipe whose reader has gone (`| head` exited): a write would fail with
    /// EPIPE. Recorded as that failure, so that the shell can stop a statement that has nothing
    /// to write for a while (waiting for the quota) as soon as the reader leaves.
    public func readerHasGone() -> Bool {
        var status = pollfd(fd: fileDescriptor, events: 0, revents: 0)
        guard poll(&status, 1, 0) == 1, status.revents & Int16(POLLERR) != 0 else { return false }
        var info = stat()
        guard fstat(fileDescriptor, &info) == 0, info.st_mode & S_IFMT == S_IFIFO else { return false }
        lock.withLock {
            if firstFailure == nil {
                firstFailure = OutputError(path: path, message: String(cString: strerror(EPIPE)), isBrokenPipe: true)
            }
        }
        return true
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
                guard let base = raw.baseAddress else { return nil }
                let n = systemWrite(fd, base + offset, raw.count - offset)
                if n < 0 {
                    let error = errno
                    if error == EINTR { continue }
                    // A descriptor left non-blocking by whoever opened it: wait until it drains.
                    if error == EAGAIN || error == EWOULDBLOCK {
                        var ready = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                        if poll(&ready, 1, -1) >= 0 || errno == EINTR { continue }
                    }
                    return error
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

extension FileOutput {
    /// Sets up the process's standard streams before anything else opens a file: a closed pipe
    /// makes `write` fail with EPIPE (handled by the shell) instead of killing nkq mid-row, and
    /// a descriptor 0, 1 or 2 that was closed (`>&-`) is held by /dev/null opened read-only, so
    /// that no file or socket opened later takes its number and receives rows, while writes
    /// to it still fail (EBADF) and are reported.
    public static func prepareStandardStreams() {
        signal(SIGPIPE, SIG_IGN)
        for fd in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            let held = open("/dev/null", O_RDONLY)
            if held >= 0, held != fd {
                _ = dup2(held, fd)
                _ = systemClose(held)
            }
        }
    }

    /// Ends the process as a closed pipe ends `cat`: killed by SIGPIPE (a shell shows status
    /// 141), without a message. Called once the shell has stopped the running statement.
    public static func endForClosedPipe() -> Never {
        signal(SIGPIPE, SIG_DFL)
        raise(SIGPIPE)
        exit(128 + SIGPIPE)
    }
}

// The methods above shadow the C names; these reach the C functions.
private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { write(fd, p, n) }
private func systemClose(_ fd: Int32) -> Int32 { close(fd) }
