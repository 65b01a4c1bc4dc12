import Foundation
import NKQTestSupport
import Testing
@testable import NKQKit

/// A cache home in a temporary folder: the cache folder in it and what that holds. Removed by
/// `remove()`, in a `defer`.
struct TemporaryCacheHome: Sendable {
    private let home = TemporaryFolder("cache")
    var path: String { home.path }
    func remove() { home.remove() }

    var folderPath: String { path + "/nkq" }
    func folder(maxEntries: Int = 5_000) -> CacheFolder? { CacheFolder(path: folderPath, maxEntries: maxEntries) }
    func requireFolder() throws -> CacheFolder { try #require(folder()) }

    /// Names of the files in the cache folder, sorted.
    var files: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: folderPath)) ?? []).sorted() }

    func mode(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & 0o777 : 0
    }
}

@Suite struct ResponseCacheTests {
    let key = ResponseCache.Key(target: "http://h", clientID: "demo", method: "GET", url: "/v1/zones?suppliers=1", body: nil)

    @Test func entriesExpireAfterTheirTTL() async {
        let cache = ResponseCache(ttl: .seconds(300))
        let start = Date()
        await cache.store([1], for: key, now: start)
        #expect(await cache.lookup(key, now: start + 299) == [1])
        #expect(await cache.lookup(key, now: start + 300) == nil)
    }

    @Test func targetClientMethodURLAndBodyAreAllPartOfTheKey() async {
        let cache = ResponseCache()
        let post = ResponseCache.Key(target: "http://h", clientID: "demo", method: "POST", url: "/v1/purchaseorder", body: #"{"a":1}"#)
        await cache.store([1], for: post)
        #expect(await cache.lookup(post) == [1])
        var other = post
        other.body = #"{"a":2}"#
        #expect(await cache.lookup(other) == nil)
        other = post
        other.clientID = "someone-else"
        #expect(await cache.lookup(other) == nil)
        other = post
        other.target = "http://elsewhere"
        #expect(await cache.lookup(other) == nil)
        other = post
        other.method = "GET"
        #expect(await cache.lookup(other) == nil)
    }

    @Test func capacityBoundsTheEntriesInMemory() async {
        let cache = ResponseCache(capacity: 2)
        func key(_ n: Int) -> ResponseCache.Key { .init(target: "t", clientID: "c", method: "GET", url: "u\(n)", body: nil) }
        for n in 0..<3 { await cache.store(.int(n), for: key(n)) }
        #expect(await cache.count == 2)
        #expect(await cache.lookup(key(0)) == nil)
        #expect(await cache.lookup(key(2)) == 2)
    }

    @Test func answersOutliveTheProcessInAPrivateFolder() async throws {
        let home = TemporaryCacheHome()
        defer { home.remove() }
        let writer = ResponseCache(folder: try home.requireFolder())
        await writer.store(["a", 1], for: key)
        // A second cache on the same folder stands for a new process.
        let reader = ResponseCache(folder: try home.requireFolder())
        #expect(await reader.lookup(key) == ["a", 1])
        #expect(home.mode(home.folderPath) == 0o700)
        let entries = home.files
        #expect(entries.count == 1)
        #expect(entries.allSatisfy { $0.hasSuffix(".page") })
        #expect(home.mode(home.folderPath + "/" + entries[0]) == 0o600)
        // Expired for a reader with a shorter TTL, and for one whose clock says later.
        #expect(await ResponseCache(ttl: .seconds(300), folder: home.folder()).lookup(key, now: Date() + 301) == nil)
    }

    @Test func anExistingFolderIsMadePrivateAndALinkIsRefused() throws {
        let home = TemporaryCacheHome()
        defer { home.remove() }
        try FileManager.default.createDirectory(atPath: home.folderPath, withIntermediateDirectories: true)
        chmod(home.folderPath, 0o755)
        #expect(home.folder() != nil)
        #expect(home.mode(home.folderPath) == 0o700)
        let link = home.path + "/link"
        symlink(home.folderPath, link)
        #expect(CacheFolder(path: link) == nil)
        #expect(CacheFolder(path: "relative/nkq") == nil)
    }

    @Test func corruptTruncatedOrForeignFilesAreIgnoredAndRemoved() async throws {
        let home = TemporaryCacheHome()
        defer { home.remove() }
        let folder = try home.requireFolder()
        let otherKey = ResponseCache.Key(target: "http://h", clientID: "demo", method: "GET", url: "/v1/zones?suppliers=2", body: nil)
        folder.save(["right"], for: key, storedAt: Date())
        let file = home.folderPath + "/" + CacheFolder.fileName(for: key)
        let whole = try String(contentsOfFile: file, encoding: .utf8)
        let damaged = [
            String(whole.prefix(whole.count / 2)),  // truncated
            "not json at all",
            "",
            whole.replacingOccurrences(of: "\"nkqCache\":1", with: "\"nkqCache\":99"),  // another format
            whole.replacingOccurrences(of: "suppliers=1", with: "suppliers=2"),  // another key under this name
            whole.replacingOccurrences(of: "\"storedAt\":", with: "\"storedAt\":\"x\",\"was\":"),
            String(repeating: "[", count: 100_000),
        ]
        for text in damaged {
            try text.write(toFile: file, atomically: false, encoding: .utf8)
            let cache = ResponseCache(folder: folder)
            #expect(await cache.lookup(key) == nil, "trusted: \(text.prefix(80))")
            #expect(!FileManager.default.fileExists(atPath: file))
        }
        #expect(await ResponseCache(folder: folder).lookup(otherKey) == nil)
        // A link planted under an entry's name is not followed.
        let target = home.path + "/elsewhere"
        try whole.write(toFile: target, atomically: false, encoding: .utf8)
        symlink(target, file)
        #expect(await ResponseCache(folder: folder).lookup(key) == nil)
    }

    @Test func writesLeaveNoTemporaryFilesAndClearEmptiesTheFolder() async throws {
        let home = TemporaryCacheHome()
        defer { home.remove() }
        let cache = ResponseCache(folder: try home.requireFolder())
        for n in 0..<5 {
            await cache.store(.int(n), for: .init(target: "t", clientID: "c", method: "GET", url: "/\(n)", body: nil))
        }
        _ = FileManager.default.createFile(atPath: home.folderPath + "/notes.txt", contents: Data("mine".utf8))
        #expect(home.files.filter { $0.hasSuffix(".page") }.count == 5)
        #expect(home.files.allSatisfy { !$0.hasPrefix(".tmp-") })
        #expect(await cache.clear() == 5)
        #expect(await cache.count == 0)
        #expect(home.files == ["notes.txt"])  // only what the cache wrote goes
        #expect(await ResponseCache(folder: home.folder()).lookup(.init(target: "t", clientID: "c", method: "GET", url: "/1", body: nil)) == nil)
    }

    @Test func pruningRemovesExpiredThenOldestBeyondTheCap() throws {
        let home = TemporaryCacheHome()
        defer { home.remove() }
        let folder = try #require(home.folder(maxEntries: 3))
        let now = Date()
        func key(_ n: Int) -> ResponseCache.Key { .init(target: "t", clientID: "c", method: "GET", url: "/\(n)", body: nil) }
        for n in 0..<6 {
            folder.save(.int(n), for: key(n), storedAt: now)
            // File times say how old an entry is: n = 0 is the oldest.
            let file = home.folderPath + "/" + CacheFolder.fileName(for: key(n))
            let seconds = now.timeIntervalSince1970 - Double(600 - n * 10)
            var times = [timespec(tv_sec: Int(seconds), tv_nsec: 0), timespec(tv_sec: Int(seconds), tv_nsec: 0)]
            utimensat(AT_FDCWD, file, &times, 0)
        }
        _ = FileManager.default.createFile(atPath: home.folderPath + "/.tmp-dead", contents: Data("half".utf8))
        var old = [timespec(tv_sec: Int(now.timeIntervalSince1970) - 120, tv_nsec: 0),
                   timespec(tv_sec: Int(now.timeIntervalSince1970) - 120, tv_nsec: 0)]
        utimensat(AT_FDCWD, home.folderPath + "/.tmp-dead", &old, 0)
        // Entries 0 and 1 (600 and 590 s old) are past a 595 s TTL; of the other four the oldest goes.
        folder.prune(expiredBefore: now - 595, now: now)
        #expect(folder.entryCount == 3)
        for n in 0..<6 {
            #expect((folder.load(key(n)) != nil) == (n >= 3), "entry \(n)")
        }
        #expect(!home.files.contains(".tmp-dead"))
    }
}
