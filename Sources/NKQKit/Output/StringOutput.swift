import Synchronization

/// Collects text in memory.
public final class StringOutput: TextOutput, Sendable {
    private let collected = Mutex("")

    public init() {}

    public var text: String { collected.withLock { $0 } }

    public func write(_ text: String) {
        collected.withLock { $0 += text }
    }

    public func flush() throws {}
}
