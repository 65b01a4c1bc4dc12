import Foundation
import Synchronization

/// The text a statement renders, on its way to the shell's output (stdout or `.output FILE`).
/// A holding output writes nothing before `flush`, so that a statement that fails can
/// `discard` what it rendered: nothing that parses as an answer reaches stdout. Held text past
/// `HeldText.spillBytes` goes to an unlinked temporary file instead of memory, so that a large
/// answer cannot exhaust it. Text not held (streamed ndjson) goes straight to the shell's
/// output, whose own buffer the shell flushes while the statement runs, so that rows reach
/// their reader as they arrive.
final class ShellTextOutput: TextOutput, Sendable {
    /// Where and from what size held text leaves memory.
    struct HeldText: Sendable, Hashable {
        /// Held text beyond this many bytes goes to a temporary file.
        var spillBytes = 8 << 20
        /// The folder of that file: `$TMPDIR`, else /tmp.
        var folder: String

        init(spillBytes: Int = 8 << 20, environment: [String: String] = ProcessInfo.processInfo.environment) {
            self.spillBytes = max(1, spillBytes)
            var folder = environment["TMPDIR"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "/tmp"
            while folder.count > 1, folder.hasSuffix("/") { folder.removeLast() }
            self.folder = folder
        }
    }

    private struct State {
        var buffer: [UInt8] = []
        /// Held text that passed `spillBytes`, in write order; `buffer` then holds what follows.
        var spill: FileOutput?
        /// The held text could not be kept (the temporary file could not be made or written).
        var failure: OutputError?
    }

    private let output: ShellOutput
    private let holding: Bool
    private let held: HeldText
    private let state: Mutex<State>

    init(_ output: ShellOutput, holding: Bool = false, held: HeldText = HeldText()) {
        self.output = output
        self.holding = holding
        self.held = held
        var state = State()
        state.buffer.reserveCapacity(1 << 16)
        self.state = Mutex(state)
    }

    /// Why held text was lost, if it was: the statement must fail rather than write part of it.
    var failure: OutputError? { state.withLock { $0.failure } }

    func write(_ text: String) { write(utf8: Array(text.utf8)) }

    func write(utf8 bytes: [UInt8]) {
        guard holding else {
            output.write(utf8: bytes)
            return
        }
        state.withLock { state in
            guard state.failure == nil else { return }
            state.buffer.append(contentsOf: bytes)
            guard state.buffer.count >= (state.spill == nil ? held.spillBytes : 1 << 16) else { return }
            spill(&state)
            state.buffer.removeAll(keepingCapacity: true)
        }
    }

    /// Moves the held buffer to the temporary file, making it the first time.
    private func spill(_ state: inout State) {
        do throws(OutputError) {
            let file: FileOutput
            if let existing = state.spill {
                file = existing
            } else {
                file = try FileOutput.temporary(in: held.folder)
                state.spill = file
            }
            file.write(utf8: state.buffer)
            if let failure = file.failure { throw failure }
        } catch {
            state.failure = error
            state.spill = nil
        }
    }

    /// Writes what is held (the temporary file's text, then the buffer's) to the output.
    func flush() throws {
        let (spill, rest): (FileOutput?, [UInt8]) = state.withLock { state in
            defer {
                state.spill = nil
                state.buffer.removeAll(keepingCapacity: true)
            }
            return (state.spill, state.buffer)
        }
        if let failure { throw failure }
        if let spill {
            do {
                try spill.replay(into: output)
            } catch {
                state.withLock { $0.failure = error }
                throw error
            }
        }
        if !rest.isEmpty { output.write(utf8: rest) }
    }

    /// Drops what was rendered and not yet written; a temporary file goes with it.
    func discard() {
        state.withLock { state in
            state.buffer.removeAll()
            state.spill = nil
        }
    }
}
