import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A reader of rows from a file descriptor, one at a time.
protocol RowStream {
    mutating func next() throws -> JSONValue?
}

extension NDJSONReader: RowStream {}

extension DelimitedReader: RowStream {}

/// Streams the rows of a file (or stdin) in batches: JSON arrays and NDJSON through
/// `NDJSONReader`, CSV and TSV through `DelimitedReader`, so a large file runs in flat memory.
/// Reads block, so they run on a dispatch queue, not the task pool.
actor FileRowReader {
    private let path: String?
    private let format: FileFormat
    private let recorder: StatementRecorder?
    private var box: ReaderBox?
    private var notedInvalidUTF8 = false
    private var finished = false
    static let batchSize = 1024

    /// A reader is a value with a file descriptor; one batch at a time owns it. A file's
    /// descriptor is closed when the last owner lets go: the reader (at the end, or `stop()`
    /// when the rows' scope ends), or a batch still reading after that.
    private final class ReaderBox: @unchecked Sendable {
        var reader: any RowStream
        let descriptor: Int32
        let ownsDescriptor: Bool
        init(descriptor: Int32, ownsDescriptor: Bool, format: FileFormat) {
            self.descriptor = descriptor
            self.ownsDescriptor = ownsDescriptor
            self.reader = FileRowReader.reader(descriptor, format: format)
        }
        deinit {
            if ownsDescriptor { _ = close(descriptor) }
        }
    }

    static func reader(_ descriptor: Int32, format: FileFormat) -> any RowStream {
        switch format {
        case .json: NDJSONReader(fileDescriptor: descriptor)
        case .csv: DelimitedReader(fileDescriptor: descriptor, preferred: UInt8(ascii: ","))
        case .tsv: DelimitedReader(fileDescriptor: descriptor, preferred: UInt8(ascii: "\t"))
        }
    }

    /// `recorder` gets the run's notes (bytes that are not UTF-8).
    init(path: String, format: FileFormat, recorder: StatementRecorder? = nil) {
        self.path = path
        self.format = format
        self.recorder = recorder
    }

    init(standardInput format: FileFormat, recorder: StatementRecorder? = nil) {
        self.path = nil
        self.format = format
        self.recorder = recorder
        self.box = ReaderBox(descriptor: 0, ownsDescriptor: false, format: format)
    }

    private var origin: String { path.map { "file '\($0)'" } ?? "stdin" }

    /// The next rows, nil at the end.
    func nextBatch() async throws -> [JSONValue]? {
        guard !finished else { return nil }
        let box = try openIfNeeded()
        let origin = origin
        let rows: [JSONValue] = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                var rows: [JSONValue] = []
                do {
                    while rows.count < Self.batchSize, let row = try box.reader.next() { rows.append(row) }
                    continuation.resume(returning: rows)
                } catch let error as JSONStreamError where error.isTooLong {
                    continuation.resume(throwing: ExecutionError.source(
                        "cannot read \(origin): line \(error.line): \(error.message)"))
                } catch let error as JSONStreamError {
                    continuation.resume(throwing: ExecutionError.source(
                        "invalid JSON in \(origin) on line \(error.line): \(error.message)"))
                } catch let error as DelimitedReadError {
                    continuation.resume(throwing: ExecutionError.source(
                        "cannot read \(origin) as CSV on line \(error.line), column \(error.column): \(error.message)"))
                } catch {
                    continuation.resume(throwing: ExecutionError.source("cannot read \(origin): \(error)"))
                }
            }
        }
        if !notedInvalidUTF8, let line = (box.reader as? NDJSONReader)?.firstLineWithInvalidUTF8 {
            notedInvalidUTF8 = true
            recorder?.note("\(origin) holds bytes that are not UTF-8 (first on line \(line)); they read as U+FFFD (\u{FFFD})")
        }
        if rows.count < Self.batchSize {
            finished = true
            self.box = nil
        }
        return rows.isEmpty ? nil : rows
    }

    /// Stops reading: the next `nextBatch` returns nil, and a file's descriptor is closed (at
    /// once, or when a batch still reading ends).
    func stop() {
        finished = true
        box = nil
    }

    private func openIfNeeded() throws(ExecutionError) -> ReaderBox {
        if let box { return box }
        let path = path ?? ""
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw .source("cannot open file '\(path)': \(String(cString: strerror(errno)))")
        }
        let box = ReaderBox(descriptor: fd, ownsDescriptor: true, format: format)
        self.box = box
        return box
    }
}

extension FileRowReader {
    /// The field names of a file's first row (a CSV's header), nil when it cannot be read. For
    /// the analyzer: what a file holds decides the schema its rows take and what completion offers.
    static func fieldNames(path: String, format: FileFormat) -> [String]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { _ = close(fd) }
        switch format {
        case .json:
            var reader = NDJSONReader(fileDescriptor: fd)
            return (try? reader.next())?.objectValue?.keys
        case .csv, .tsv:
            var reader = DelimitedReader(fileDescriptor: fd, preferred: format == .tsv ? UInt8(ascii: "\t") : UInt8(ascii: ","))
            _ = try? reader.next()
            return reader.header
        }
    }
}
