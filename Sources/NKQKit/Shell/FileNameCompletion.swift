import Foundation

/// File names that start with a typed path, for `.read`, `.output` and `file '…'`.
/// Folders end with `/` so that the next Tab goes on inside them.
public enum FileNameCompletion {
    public static func candidates(for typed: String, fileManager: FileManager = .default) -> [String] {
        let expanded = typed.hasPrefix("~/") ? NSHomeDirectory() + typed.dropFirst() : typed
        let slash = expanded.lastIndex(of: "/")
        let folder = slash.map { String(expanded[...$0]) } ?? ""
        let stem = slash.map { String(expanded[expanded.index(after: $0)...]) } ?? expanded
        // As typed (`~/` unexpanded); it has a slash exactly when `expanded` has one.
        let shownFolder = typed.lastIndex(of: "/").map { String(typed[...$0]) } ?? ""
        guard let names = try? fileManager.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder) else { return [] }
        return names.filter { $0.hasPrefix(stem) && (stem.hasPrefix(".") || !$0.hasPrefix(".")) }.sorted().map { name in
            var isDirectory: ObjCBool = false
            _ = fileManager.fileExists(atPath: folder + name, isDirectory: &isDirectory)
            return shownFolder + name + (isDirectory.boolValue ? "/" : "")
        }
    }
}
