import Synchronization

/// Buffers rendered text and hands it to the shell's output (stdout or `.output FILE`) in
/// large writes, so that streaming formats stay fast. A holding output writes nothing before
/// `flush`, so that a statement that fails can `discard` what it rendered: nothing that parses
/// as an answer reaches stdout.
final class ShellTextOutput: TextOutput, Sendable {
    private let output: ShellOutput
    private let buffer: Mutex<[UInt8]>
    private let holding: Bool

    init(_ output: ShellOutput, holding: Bool = false) {
        self.output = output
        self.holding = holding
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1 << 16)
        buffer = Mutex(bytes)
    }

    func write(_ text: String) { write(utf8: Array(text.utf8)) }

    func write(utf8 bytes: [UInt8]) {
        let full: [UInt8]? = buffer.withLock { buffer in
            buffer.append(contentsOf: bytes)
            guard !holding, buffer.count >= 1 << 16 else { return nil }
            defer { buffer.removeAll(keepingCapacity: true) }
            return buffer
        }
        if let full { output.write(String(decoding: full, as: UTF8.self)) }
    }

    func flush() throws {
        let rest: [UInt8] = buffer.withLock { buffer in
            defer { buffer.removeAll(keepingCapacity: true) }
            return buffer
        }
        if !rest.isEmpty { output.write(String(decoding: rest, as: UTF8.self)) }
    }

    /// Drops what was rendered and not yet written.
    func discard() {
        buffer.withLock { $0.removeAll() }
    }
}
