import CEditLine
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The start of stdin, read ahead so that the analyzer can give `get stdin`'s rows the schema
/// their fields show (as it does for a file's first row); the reader of stdin then reads those
/// bytes first, so that no row is lost. Only the nkq command turns it on, and only when stdin is
/// neither a terminal nor the script itself (then it records that stdin holds the script); reading ahead stops at the first whole row, at
/// 1 MiB, at the end of the input or at Ctrl-C (then no schema is inferred).
public enum StandardInputPeek {
    private struct State {
        var enabled = false
        var bytes: [UInt8] = []
        var ended = false
        /// The reader of stdin has taken the bytes: nothing more is read ahead.
        var taken = false
        var names: [FileFormat: [String]] = [:]
        var holdsScript = false
    }

    private static let state = Mutex(State())
    static let limit = 1 << 20

    /// Lets `fieldNames` read stdin ahead from now on.
    public static func enable() {
        state.withLock { $0.enabled = true }
    }

    /// Records that stdin is the script (`… | nkq`, `-f -`): it has no rows for `get stdin`.
    public static func holdTheScript() {
        state.withLock { $0.holdsScript = true }
    }

    /// Whether stdin is the script (see `holdTheScript`).
    static var holdsScript: Bool {
        state.withLock { $0.holdsScript }
    }

    /// The top-level field names of stdin's first row read as `format`; nil when not enabled,
    /// once stdin's reader has begun, or when no whole first row came within the limit.
    static func fieldNames(format: FileFormat) -> [String]? {
        state.withLock { state in
            guard state.enabled, !state.taken else { return nil }
            if let names = state.names[format] { return names }
            while true {
                switch firstRow(state.bytes, format: format, ended: state.ended) {
                case .names(let names):
                    state.names[format] = names
                    return names
                case .none:
                    return nil
                case .needMore:
                    guard !state.ended, state.bytes.count < limit, readMore(into: &state) else { return nil }
                }
            }
        }
    }

    /// The bytes read ahead, for the reader of stdin (once; later readers get none).
    static func take() -> [UInt8] {
        state.withLock { state in
            state.taken = true
            defer { state.bytes = [] }
            return state.bytes
        }
    }

    private enum FirstRow {
        case names([String])
        case none
        case needMore
    }

    private static func firstRow(_ bytes: [UInt8], format: FileFormat, ended: Bool) -> FirstRow {
        switch format {
        case .json:
            var reader = NDJSONReader(bytes: bytes)
            guard let row = try? reader.next() else { return ended ? .none : .needMore }
            return row.objectValue.map { .names($0.keys) } ?? .none
        case .csv, .tsv:
            guard ended || bytes.contains(where: { $0 == 0x0A || $0 == 0x0D }) else { return .needMore }
            var reader = DelimitedReader(bytes: bytes, preferred: UInt8(ascii: format == .tsv ? "\t" : ","))
            _ = try? reader.next()
            return reader.header.map { .names($0) } ?? .none
        }
    }

    /// Waits (polling, so that Ctrl-C is seen) for more of stdin and appends it; false at
    /// Ctrl-C or a read error. The end of the input sets `ended`.
    private static func readMore(into state: inout State) -> Bool {
        var poller = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        while poll(&poller, 1, 100) == 0 || (poller.revents == 0) {
            if ce_peek_interrupt() != 0 { return false }
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let count = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
        if count < 0 { return errno == EINTR && ce_peek_interrupt() == 0 }
        if count == 0 { state.ended = true }
        state.bytes += chunk[..<count]
        return true
    }
}
