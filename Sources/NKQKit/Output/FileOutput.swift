#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// A buffered sink over a file descriptor: stdout, stderr, a file opened for `.output FILE`, or
/// the unlinked temporary file that holds a statement's text until it succeeds. Every byte nkq
/// writes goes through `drain`, which never traps: the first failed write (a closed pipe, a
/// full disk, a closed descriptor) is kept in `failure`, later writes are dropped, and the
/// shell decides what the failure means (see `OutputError`).
public final class FileOutput: TextOutput, Sendable {
    public let fileDescriptor: Int32
    /// The file's path when this sink opened it; nil for stdout/stderr.
    public let path: String?
    private let capacity: Int
    private let ownsDescriptor: Bool
    private let state: Mutex<State>

    private struct State {
        var failure: OutputError?
        var buffer: [UInt8] = []
        var isClosed = false
    }

    public var failure: OutputError? { state.withLock { $0.failure } }
    public var hasFailed: Bool { failure != nil }

    public convenience init(fileDescriptor: Int32, capacity: Int = 1 << 16) {
        self.init(fileDescriptor: fileDescriptor, path: nil, owning: false, capacity: capacity)
    }

    private init(fileDescriptor: Int32, path: String?, owning: Bool, capacity: Int) {
        self.fileDescriptor = fileDescriptor
        self.path = path
        self.capacity = capacity
        self.ownsDescriptor = owning
        var state = State()
        state.buffer.reserveCapacity(capacity)
        self.state = Mutex(state)
    }

    /// Opens a file for writing as a shell's `>` (or `>>` with `append`) does: created with mode
    /// 0600 when missing, else truncated in place, so that its mode and owner stay, a symbolic
    /// link is followed and a device such as /dev/null is written to, never replaced. A leading
    /// `~/` is the home directory, as people type it after `.output`.
    public convenience init(path: String, append: Bool = false, capacity: Int = 1 << 16) throws(OutputError) {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC)
        let fd = open(NSString(string: path).expandingTildeInPath, flags, 0o600)
        guard fd >= 0 else {
            throw OutputError(path: path, message: String(cString: strerror(errno)))
        }
        self.init(fileDescriptor: fd, path: path, owning: true, capacity: capacity)
    }

    /// A new file in `folder` that only this user can read (0600), unlinked at once: it is gone
    /// when this sink closes it, or when nkq ends however it ends. For text held until a
    /// statement has succeeded (see `replay(into:)`).
    static func temporary(in folder: String) throws(OutputError) -> FileOutput {
        let path = folder + "/nkq-held-XXXXXX"
        var template = Array(path.utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        guard fd >= 0 else { throw OutputError(path: path, message: String(cString: strerror(errno))) }
        let name = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        _ = unlink(name)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        _ = fchmod(fd, 0o600)
        return FileOutput(fileDescriptor: fd, path: name, owning: true, capacity: 1 << 16)
    }

    /// The one stdout sink, so that all data shares one buffer and keeps its order; flush it
    /// before exiting (a static is never deinitialised).
    public static let standardOutput = FileOutput(fileDescriptor: STDOUT_FILENO)
    /// The one stderr sink; it writes through (no buffering) so notes show at once and in order.
    public static let standardError = FileOutput(fileDescriptor: STDERR_FILENO, capacity: 1)

    deinit {
        state.withLock { state in
            drain(&state)
            if ownsDescriptor, !state.isClosed { _ = systemClose(fileDescriptor) }
        }
    }

    public func write(_ text: String) {
        state.withLock { state in
            guard state.failure == nil else { return }
            state.buffer.append(contentsOf: text.utf8)
            if state.buffer.count >= capacity { drain(&state) }
        }
    }

    public func write(utf8 bytes: [UInt8]) {
        state.withLock { state in
            guard state.failure == nil else { return }
            state.buffer.append(contentsOf: bytes)
            if state.buffer.count >= capacity { drain(&state) }
        }
    }

    public func flush() throws {
        try state.withLock { state throws(OutputError) in
            drain(&state)
            if let failure = state.failure { throw failure }
        }
    }

    /// Closes a file this sink opened, after flushing; stdout/stderr stay open.
    public func close() throws {
        try state.withLock { state throws(OutputError) in
            defer {
                if ownsDescriptor, !state.isClosed {
                    state.isClosed = true
                    _ = systemClose(fileDescriptor)
                }
            }
            drain(&state)
            if let failure = state.failure { throw failure }
        }
    }

    /// Writes everything written so far to this (seekable) file into `destination`, from its
    /// start: a temporary file's held text, once the statement has succeeded.
    func replay(into destination: any TextOutput) throws(OutputError) {
        try state.withLock { state throws(OutputError) in
            drain(&state)
            if let failure = state.failure { throw failure }
            guard lseek(fileDescriptor, 0, SEEK_SET) == 0 else {
                throw OutputError(path: path, message: String(cString: strerror(errno)))
            }
            var chunk = [UInt8](repeating: 0, count: 1 << 20)
            while true {
                let count = chunk.withUnsafeMutableBytes { Self.read(fileDescriptor, into: $0) }
                guard let count else { throw OutputError(path: path, message: String(cString: strerror(errno))) }
                if count == 0 { return }
                destination.write(utf8: count == chunk.count ? chunk : Array(chunk[..<count]))
                if count < chunk.count { return }
            }
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
        state.withLock { state in
            if state.failure == nil {
                state.failure = OutputError(path: path, message: String(cString: strerror(EPIPE)), isBrokenPipe: true)
            }
        }
        return true
    }

    /// Writes the buffer out; called with the state locked.
    private func drain(_ state: inout State) {
        guard state.failure == nil, !state.isClosed, !state.buffer.isEmpty else {
            state.buffer.removeAll(keepingCapacity: true)
            return
        }
        let error = state.buffer.withUnsafeBytes { Self.write(fileDescriptor, all: $0) }
        state.buffer.removeAll(keepingCapacity: true)
        if let error {
            state.failure = OutputError(path: path, message: String(cString: strerror(error)), isBrokenPipe: error == EPIPE)
        }
    }
}

// The loops every file write and read of nkq goes through: again after EINTR, to the end.
extension FileOutput {
    /// Writes all of `bytes` to `fd`; a descriptor left non-blocking by whoever opened it is
    /// waited on until it drains. Returns the errno of a failure, or nil once all is written.
    static func write(_ fd: Int32, all bytes: UnsafeRawBufferPointer) -> Int32? {
        guard let base = bytes.baseAddress else { return nil }
        var offset = 0
        while offset < bytes.count {
            let n = systemWrite(fd, base + offset, bytes.count - offset)
            if n < 0 {
                let error = errno
                if error == EINTR { continue }
                if error == EAGAIN || error == EWOULDBLOCK {
                    var ready = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                    if poll(&ready, 1, -1) >= 0 || errno == EINTR { continue }
                }
                return error
            }
            if n == 0 { return EIO }
            offset += n
        }
        return nil
    }

    /// Reads from `fd` until `buffer` is full or the file ends; the bytes read, or nil on a read
    /// error (`errno` says which).
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        guard let base = buffer.baseAddress else { return 0 }
        var done = 0
        while done < buffer.count {
            let n = systemRead(fd, base + done, buffer.count - done)
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { return nil }
            if n == 0 { break }
            done += n
        }
        return done
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
private func systemRead(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ n: Int) -> Int { read(fd, p, n) }
private func systemClose(_ fd: Int32) -> Int32 { close(fd) }
