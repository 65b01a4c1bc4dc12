import Synchronization

/// A table or records for a terminal: held until `flush`, then shown through the pager when
/// taller than the screen, else written to `destination` as they are.
final class PagedOutput: TextOutput {
    let pager: Pager
    let screenHeight: Int
    let destination: any TextOutput
    private let held = Mutex<[UInt8]>([])

    init(pager: Pager, screenHeight: Int, destination: any TextOutput) {
        self.pager = pager
        self.screenHeight = screenHeight
        self.destination = destination
    }

    func write(_ text: String) {
        write(utf8: Array(text.utf8))
    }

    func write(utf8 bytes: [UInt8]) {
        held.withLock { $0.append(contentsOf: bytes) }
    }

    func flush() throws {
        let text = held.withLock { held in
            defer { held.removeAll() }
            return held
        }
        guard !text.isEmpty else { return }
        // Taller than the screen less the prompt line: it would scroll away.
        let lines = text.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
        if lines >= screenHeight, pager.show(text) { return }
        destination.write(utf8: text)
        try destination.flush()
    }
}
