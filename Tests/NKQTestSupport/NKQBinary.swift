import Foundation

/// The `nkq` executable the tests run.
public enum NKQBinary {
    /// The `nkq` next to the test bundle (`.build/<triple>/debug/`), else `.build/debug/nkq`.
    public static let path: String = {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("nkq").path
        if FileManager.default.isExecutableFile(atPath: besideTests) { return besideTests }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/nkq").path
    }()
}
