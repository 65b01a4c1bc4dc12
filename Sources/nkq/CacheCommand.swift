import ArgumentParser
import Foundation
import NKQKit

/// `nkq cache clear`: empties the response cache under `$XDG_CACHE_HOME/nkq`.
struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Manage the response cache ($XDG_CACHE_HOME/nkq, default ~/.cache/nkq).",
        subcommands: [Clear.self]
    )

    struct Clear: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove every cached response.")

        func run() throws {
            let path = XDGDirectories(environment: ProcessInfo.processInfo.environment).responseCache
            guard let folder = CacheFolder(path: path) else {
                FileHandle.standardError.write(Data("nkq: cannot use \(path) as the cache folder (not a private folder of this user)\n".utf8))
                throw ExitCode(ExitStatus.failed.rawValue)
            }
            let removed = folder.removeAll()
            FileHandle.standardError.write(Data("cache cleared (\(removed) \(removed == 1 ? "entry" : "entries"))\n".utf8))
        }
    }
}
