import Foundation

/// Collects text in memory.
public final class StringOutput: TextOutput, @unchecked Sendable {
    private let lock = NSLock()
    private var collected = ""

    public init() {}

    public var text: String { lock.withLock { collected } }

    public func write(_ text: String) {
        lock.withLock { collected += text }
    }

    public func flush() throws {}
}
