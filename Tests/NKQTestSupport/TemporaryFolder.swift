import Foundation

/// A private folder that is removed when the value goes away.
public final class TemporaryFolder: Sendable {
    public let path: String

    public init(_ purpose: String = "test") {
        path = NSTemporaryDirectory() + "nkq-\(purpose)-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` to `name` (folders created as needed) with `mode`; returns the file's path.
    @discardableResult
    public func write(_ name: String, _ text: String, mode: Int = 0o644) -> String {
        let file = path + "/" + name
        try? FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: file, contents: Data(text.utf8))
        chmod(file, mode_t(mode))
        return file
    }
}
