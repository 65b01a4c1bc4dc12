import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams the rows of a file (or stdin) in batches: JSON arrays and NDJSON through
/// `NDJSONReader`, CSV and TSV through `DelimitedReader`, so a large file runs in flat memory.
/// NDJSON is cut into chunks of whole lines that parse in parallel (one per core, in order);
/// the other layouts read row by row. Reads block, so they run on a dispatch queue, not the
/// task pool. With `fields`, only those top-level fields of each row are built; with
/// `prefilter`, NDJSON rows it rejects (judged on rows built with only its fields) are left out
/// before they are built (they still count as rows read).
actor FileRowReader {
    private let path: String?
    private let format: FileFormat
    /// The top-level fields the statement reads; nil builds whole rows.
    nonisolated let fields: [String]?
    /// The statement's leading `where` (`LocalPipeline.leadingFilter`), applied while reading.
    nonisolated let prefilter: RowPredicate?
    private let recorder: StatementRecorder?
    private var box: ReaderBox?
    private var notedInvalidUTF8 = false
    private var finished = false
    /// NDJSON chunks being parsed, oldest first.
    private var parsing: [Task<ParsedChunk, any Error>] = []
    private var chunksEnded = false
    /// The names met in the rows so far, and how many rows were read (when `fields` is set).
    private var met: JSONFieldSelection?
    private var rowsRead = 0
    static let batchSize = 1024
    /// Chunks parsed ahead of the statement: as many as there are cores, at least two.
    static let lookahead = max(2, sysconf(Int32(_SC_NPROCESSORS_ONLN)))

    /// A reader owns a file descriptor; one batch at a time uses it. A file's descriptor is
    /// closed when the last owner lets go: the reader (at the end, or `stop()` when the rows'
    /// scope ends), or a batch still reading after that.
    private final class ReaderBox: @unchecked Sendable {
        var json: NDJSONReader?
        var delimited: DelimitedReader?
        /// Decided at the first read: NDJSON lines go in parallel chunks.
        var chunked: Bool?
        let descriptor: Int32
        let ownsDescriptor: Bool
        /// `prefix`: bytes already read from the descriptor (stdin read ahead), read first.
        init(descriptor: Int32, ownsDescriptor: Bool, format: FileFormat, fields: [String]?, prefix: [UInt8] = []) {
            self.descriptor = descriptor
            self.ownsDescriptor = ownsDescriptor
            switch format {
            case .json:
                json = NDJSONReader(fileDescriptor: descriptor, prefix: prefix, bufferSize: 1 << 18)
                json?.selection = fields.map { JSONFieldSelection($0) }
            case .csv, .tsv:
                delimited = DelimitedReader(fileDescriptor: descriptor, prefix: prefix,
                                            preferred: UInt8(ascii: format == .tsv ? "\t" : ","))
                delimited?.selection = fields
            }
        }
        deinit {
            if ownsDescriptor { _ = close(descriptor) }
        }

        func next() throws -> JSONValue? {
            if json != nil { return try json?.next() }
            return try delimited?.next()
        }

        /// The names met so far (nil when rows are built whole).
        var met: JSONFieldSelection? {
            if let json { return json.selection }
            guard delimited?.selection != nil else { return nil }
            var names = JSONFieldSelection([])
            for name in delimited?.header ?? [] { names.note(name) }
            return names
        }
    }

    private struct ParsedChunk: Sendable {
        var rows: [JSONValue]
        var firstLineWithInvalidUTF8: Int?
        var met: JSONFieldSelection?
        var leftOut = 0
    }

    /// `fields`: the top-level fields to build (`LocalPipeline.sourceFields`); `recorder` gets
    /// the run's notes (bytes that are not UTF-8).
    init(path: String, format: FileFormat, fields: [String]? = nil, prefilter: RowPredicate? = nil,
         recorder: StatementRecorder? = nil) {
        self.path = path
        self.format = format
        self.fields = fields
        self.prefilter = prefilter
        self.recorder = recorder
    }

    init(standardInput format: FileFormat, fields: [String]? = nil, prefilter: RowPredicate? = nil,
         recorder: StatementRecorder? = nil) {
        self.path = nil
        self.format = format
        self.fields = fields
        self.prefilter = prefilter
        self.recorder = recorder
        self.box = ReaderBox(descriptor: 0, ownsDescriptor: false, format: format, fields: fields, prefix: StandardInputPeek.take())
    }

    private var origin: String { path.map { "file '\($0)'" } ?? "stdin" }

    /// The next rows, nil at the end.
    func nextBatch() async throws -> [JSONValue]? {
        while !finished {
            let box = try openIfNeeded()
            let origin = origin
            if box.chunked == nil {
                box.chunked = try await Self.blocking(origin) { try box.json?.detectLayout() == .lines }
            }
            let rows = try await box.chunked == true ? nextChunk(box) : nextRows(box)
            if let rows, rows.isEmpty { continue }  // a chunk of blank lines
            return rows
        }
        return nil
    }

    /// The top-level names the rows held and how many rows were read, when the reader built
    /// only the statement's fields (so the rows handed on do not show the others); nil when it
    /// built whole rows.
    func fieldSightings() -> (names: [String], rows: Int)? {
        guard handsOnSomeFields else { return nil }
        return (met?.seen ?? [], rowsRead)
    }

    /// Whether the rows handed on may lack fields, or rows, of the file: then the names the
    /// file held come from `fieldSightings`.
    nonisolated var handsOnSomeFields: Bool { fields != nil || prefilter != nil }

    /// Stops reading: the next `nextBatch` returns nil, and a file's descriptor is closed (at
    /// once, or when a batch still reading ends); chunks still parsing are cancelled.
    func stop() {
        for task in parsing { task.cancel() }
        end()
    }

    /// Rows one by one: JSON arrays, CSV and TSV.
    private func nextRows(_ box: ReaderBox) async throws -> [JSONValue]? {
        let rows: [JSONValue] = try await Self.blocking(origin) {
            var rows: [JSONValue] = []
            while rows.count < Self.batchSize, let row = try box.next() { rows.append(row) }
            return rows
        }
        rowsRead += rows.count
        if fields != nil {
            met = box.met
        } else if prefilter != nil {
            // Rows come whole here (the prefilter is for NDJSON chunks): note their names.
            var names = met ?? JSONFieldSelection([])
            for row in rows {
                for key in row.objectValue?.keys ?? [] where !names.seen.contains(key) { names.note(key) }
            }
            met = names
        }
        noteInvalidUTF8(box.json?.firstLineWithInvalidUTF8)
        if rows.count < Self.batchSize { end() }
        return rows.isEmpty ? nil : rows
    }

    /// NDJSON: chunks of lines cut in order, parsed `lookahead` ahead on the task pool.
    private func nextChunk(_ box: ReaderBox) async throws -> [JSONValue]? {
        let origin = origin
        let selection = fields.map { JSONFieldSelection($0) }
        let prefilter = prefilter.map { NDJSONChunk.Prefilter(predicate: $0, fields: JSONFieldSelection($0.fields)) }
        while parsing.count < Self.lookahead, !chunksEnded {
            do {
                guard let chunk = try await Self.blocking(origin, { try box.json?.nextChunk() }) else {
                    chunksEnded = true
                    break
                }
                parsing.append(Task.detached {
                    var met = selection
                    do {
                        let (rows, invalid, leftOut) = try chunk.values(keeping: &met, prefilter: prefilter)
                        return ParsedChunk(rows: rows, firstLineWithInvalidUTF8: invalid, met: met, leftOut: leftOut)
                    } catch {
                        throw Self.sourceError(error, origin: origin)
                    }
                })
            } catch {
                // A read that failed fails in its turn, after the chunks before it.
                parsing.append(Task<ParsedChunk, any Error> { throw error })
                chunksEnded = true
            }
        }
        guard !parsing.isEmpty else {
            end()
            return nil
        }
        let parsed = try await parsing.removeFirst().value
        rowsRead += parsed.rows.count + parsed.leftOut
        // Rows left out were read all the same; the run hands on and counts the others.
        if parsed.leftOut > 0 { recorder?.rows(parsed.leftOut, notify: false) }
        noteInvalidUTF8(parsed.firstLineWithInvalidUTF8)
        if let names = parsed.met {
            if met == nil { met = names } else { met?.merge(names) }
        }
        return parsed.rows
    }

    private func end() {
        finished = true
        parsing = []
        self.box = nil
    }

    private func noteInvalidUTF8(_ line: Int?) {
        guard !notedInvalidUTF8, let line else { return }
        notedInvalidUTF8 = true
        recorder?.note("\(origin) holds bytes that are not UTF-8 (first on line \(line)); they read as U+FFFD (\u{FFFD})")
    }

    /// Runs a blocking read on a dispatch queue; errors come back as the source's errors.
    private static func blocking<T: Sendable>(_ origin: String, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    continuation.resume(returning: try work())
                } catch {
                    continuation.resume(throwing: sourceError(error, origin: origin))
                }
            }
        }
    }

    private static func sourceError(_ error: any Error, origin: String) -> any Error {
        switch error {
        case let error as JSONStreamError where error.isTooLong:
            ExecutionError.source("cannot read \(origin): line \(error.line): \(error.message)")
        case let error as JSONStreamError:
            ExecutionError.source("invalid JSON in \(origin) on line \(error.line): \(error.message)")
        case let error as DelimitedReadError:
            ExecutionError.source("cannot read \(origin) as CSV on line \(error.line), column \(error.column): \(error.message)")
        case is ExecutionError:
            error
        default:
            ExecutionError.source("cannot read \(origin): \(error)")
        }
    }

    private func openIfNeeded() throws(ExecutionError) -> ReaderBox {
        if let box { return box }
        let path = path ?? ""
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw .source("cannot open file '\(path)': \(String(cString: strerror(errno)))")
        }
        let box = ReaderBox(descriptor: fd, ownsDescriptor: true, format: format, fields: fields)
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
