import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams the rows of a JSON array or NDJSON file (or stdin) in batches through
/// `NDJSONReader`, so a large file runs in flat memory. Reads block, so they run on a dispatch
/// queue, not the task pool.
actor JSONRowReader {
    private let path: String?
    private var box: ReaderBox?
    private var finished = false
    private let closed = Mutex(false)
    static let batchSize = 1024

    /// `NDJSONReader` is a value with a file descriptor; one batch at a time owns it. A file's
    /// descriptor is closed when the last owner lets go: the reader, or a batch still reading
    /// after the run stopped early (`| limit`, Ctrl-C).
    private final class ReaderBox: @unchecked Sendable {
        var reader: NDJSONReader
        let descriptor: Int32
        let ownsDescriptor: Bool
        init(descriptor: Int32, ownsDescriptor: Bool) {
            self.descriptor = descriptor
            self.ownsDescriptor = ownsDescriptor
            self.reader = NDJSONReader(fileDescriptor: descriptor)
        }
        deinit {
            if ownsDescriptor { _ = close(descriptor) }
        }
    }

    init(path: String) {
        self.path = path
    }

    init(standardInput: ()) {
        self.path = nil
        self.box = ReaderBox(descriptor: 0, ownsDescriptor: false)
    }

    private var origin: String { path.map { "file '\($0)'" } ?? "stdin" }

    /// The next rows, nil at the end.
    func nextBatch() async throws -> [JSONValue]? {
        guard !finished else { return nil }
        if closed.withLock({ $0 }) { throw CancellationError() }
        let box = try openIfNeeded()
        let origin = origin
        let rows: [JSONValue] = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                var rows: [JSONValue] = []
                do {
                    while rows.count < Self.batchSize, let row = try box.reader.next() { rows.append(row) }
                    continuation.resume(returning: rows)
                } catch let error as JSONStreamError {
                    continuation.resume(throwing: ExecutionError.source(
                        "invalid JSON in \(origin) on line \(error.line): \(error.message)"))
                } catch {
                    continuation.resume(throwing: ExecutionError.source("cannot read \(origin): \(error)"))
                }
            }
        }
        if rows.count < Self.batchSize {
            finished = true
            self.box = nil
        }
        return rows.isEmpty ? nil : rows
    }

    /// Stops reading; the next `nextBatch` throws `CancellationError`.
    nonisolated func stop() {
        closed.withLock { $0 = true }
    }

    private func openIfNeeded() throws(ExecutionError) -> ReaderBox {
        if let box { return box }
        let path = path ?? ""
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw .source("cannot open file '\(path)': \(String(cString: strerror(errno)))")
        }
        let box = ReaderBox(descriptor: fd, ownsDescriptor: true)
        self.box = box
        return box
    }
}
