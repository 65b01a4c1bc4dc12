import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams the rows of a JSON array or NDJSON file (or stdin) in chunks, so a large file runs
/// in flat memory. Reads block, so they run on a dispatch queue, not the task pool.
actor JSONRowReader {
    private let path: String?
    private var descriptor: Int32 = -1
    private var splitter: JSONRowSplitter
    private var finished = false
    private let closed = Locked(false)
    static let chunkSize = 64 * 1024

    init(path: String) {
        self.path = path
        self.splitter = JSONRowSplitter(origin: "file '\(path)'")
    }

    init(standardInput: ()) {
        self.path = nil
        self.descriptor = 0
        self.splitter = JSONRowSplitter(origin: "stdin")
    }

    /// The next rows, nil at the end.
    func nextBatch() async throws -> [JSONValue]? {
        try openIfNeeded()
        while !finished {
            if closed.current { throw CancellationError() }
            let chunk = try await readChunk()
            if chunk.isEmpty {
                finished = true
                closeDescriptor()
                let rest = try splitter.finish()
                return rest.isEmpty ? nil : rest
            }
            let rows = try splitter.feed(chunk)
            if !rows.isEmpty { return rows }
        }
        return nil
    }

    /// Stops reading; the next `nextBatch` throws `CancellationError`.
    nonisolated func close() {
        closed.withLock { $0 = true }
    }

    private func openIfNeeded() throws(ExecutionError) {
        guard descriptor < 0, let path else { return }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw .source("cannot open file '\(path)': \(String(cString: strerror(errno)))")
        }
        descriptor = fd
    }

    private func readChunk() async throws -> [UInt8] {
        let fd = descriptor
        let origin = path.map { "file '\($0)'" } ?? "stdin"
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                var buffer = [UInt8](repeating: 0, count: Self.chunkSize)
                while true {
                    let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, Self.chunkSize) }
                    if count >= 0 {
                        buffer.removeSubrange(count...)
                        continuation.resume(returning: buffer)
                        return
                    }
                    if errno == EINTR { continue }
                    let reason = String(cString: strerror(errno))
                    continuation.resume(throwing: ExecutionError.source("cannot read \(origin): \(reason)"))
                    return
                }
            }
        }
    }

    private func closeDescriptor() {
        if path != nil, descriptor >= 0 { _ = Glibc.close(descriptor) }
        descriptor = -1
    }
}
