import Foundation

/// A private folder for a test's files. A test removes it when its scope ends:
///
///     let folder = TemporaryFolder("join")
///     defer { folder.remove() }
///
/// The `defer` also keeps the folder until then; a value that outlives one scope (such as
/// `NKQProcess`'s home) may leave it to `deinit` instead.
public final class TemporaryFolder: Sendable {
    public let path: String

    public init(_ purpose: String = "test") {
        path = NSTemporaryDirectory() + "nkq-\(purpose)-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { remove() }

    /// Removes the folder and everything in it.
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

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
