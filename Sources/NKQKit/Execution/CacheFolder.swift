import Foundation

/// The response cache on disk: one file per answer in a private folder (0700, files 0600:
/// contract prices are confidential), so that a statement run again in a new process reuses
/// the pages an earlier run fetched.
///
/// A cache file is input like any other: one that is not a regular file of ours, is too
/// large, does not parse, or holds another key than the one asked for is ignored and removed.
/// Writes go to a temporary file in the same folder and are renamed into place, so a reader in
/// another process sees a whole entry or none. The folder stays bounded: `prune` removes
/// expired entries, then the oldest, beyond `maxEntries` files or `maxBytes` bytes.
public struct CacheFolder: Sendable {
    public let path: String
    public var maxEntries: Int
    public var maxBytes: Int
    /// One answer larger than this is neither written nor read.
    public var maxEntryBytes: Int

    static let suffix = ".page"
    static let temporaryPrefix = ".tmp-"
    private static let format = 1

    /// Opens (creating it) the private folder at `path`; nil when it cannot be made private:
    /// a symbolic link, another owner, or not creatable. Then the cache lives in memory only.
    public init?(path: String, maxEntries: Int = 5_000, maxBytes: Int = 200 << 20, maxEntryBytes: Int = 16 << 20) {
        guard path.hasPrefix("/"), Self.makePrivateFolder(path) else { return nil }
        self.path = path
        self.maxEntries = max(1, maxEntries)
        self.maxBytes = max(1, maxBytes)
        self.maxEntryBytes = max(1, maxEntryBytes)
    }

    /// The answer stored for `key`, and when it was stored; nil when there is none that can be trusted.
    func load(_ key: ResponseCache.Key) -> (value: JSONValue, storedAt: Date)? {
        let file = path + "/" + Self.fileName(for: key)
        guard let bytes = readOwnFile(file) else { return nil }
        guard let entry = (try? JSONValue.parse(bytes: bytes))?.objectValue,
              entry["nkqCache"]?.intValue == Self.format,
              let storedAt = entry["storedAt"]?.doubleValue, storedAt.isFinite,
              let stored = entry["key"], stored == Self.json(key),
              let value = entry["response"]
        else {
            unlink(file)
            return nil
        }
        return (value, Date(timeIntervalSince1970: storedAt))
    }

    /// Stores the answer atomically; a failure to write leaves the cache as it was.
    func save(_ value: JSONValue, for key: ResponseCache.Key, storedAt: Date) {
        let entry = JSONValue.object(JSONObject([
            ("nkqCache", .int(Self.format)),
            ("storedAt", .double(storedAt.timeIntervalSince1970.rounded(.down))),
            ("key", Self.json(key)),
            ("response", value),
        ]))
        let bytes = Array(entry.jsonText().utf8)
        guard bytes.count <= maxEntryBytes else { return }
        let temporary = path + "/" + Self.temporaryPrefix + UUID().uuidString
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        let written = bytes.withUnsafeBytes { FileOutput.write(fd, all: $0) } == nil
        let closed = close(fd) == 0
        guard written, closed, rename(temporary, path + "/" + Self.fileName(for: key)) == 0 else {
            unlink(temporary)
            return
        }
    }

    /// Removes every entry (and temporary file) nkq wrote here; returns how many entries.
    @discardableResult
    public func removeAll() -> Int {
        var removed = 0
        for name in names() where unlink(path + "/" + name) == 0 && name.hasSuffix(Self.suffix) {
            removed += 1
        }
        return removed
    }

    /// Removes entries stored before `expiredBefore`, then the oldest until at most `maxEntries`
    /// files of at most `maxBytes` in all remain; temporary files older than a minute (of a
    /// process that died mid-write) go too.
    /// The last modification, in seconds since 1970 (the field's name differs between the C libraries).
    static func modificationSeconds(_ info: stat) -> Int {
        #if canImport(Darwin)
        Int(info.st_mtimespec.tv_sec)
        #else
        Int(info.st_mtim.tv_sec)
        #endif
    }

    func prune(expiredBefore: Date, now: Date = Date()) {
        var kept: [(name: String, modified: Double, size: Int)] = []
        for name in names() {
            var info = stat()
            guard lstat(path + "/" + name, &info) == 0 else { continue }
            let modified = Double(Self.modificationSeconds(info))
            let stale = name.hasPrefix(Self.temporaryPrefix)
                ? modified < now.timeIntervalSince1970 - 60
                : modified < expiredBefore.timeIntervalSince1970
            if stale {
                unlink(path + "/" + name)
            } else if name.hasSuffix(Self.suffix) {
                kept.append((name, modified, Int(info.st_size)))
            }
        }
        kept.sort { $0.modified > $1.modified }
        var count = 0
        var bytes = 0
        for entry in kept {
            count += 1
            bytes += entry.size
            if count > maxEntries || bytes > maxBytes { unlink(path + "/" + entry.name) }
        }
    }

    /// The entries now on disk (for tests and `.cache`).
    var entryCount: Int { names().filter { $0.hasSuffix(Self.suffix) }.count }

    // MARK: - Files

    /// Names this cache writes: entries and temporary files, nothing else in the folder.
    private func names() -> [String] {
        let all = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return all.filter { $0.hasSuffix(Self.suffix) || $0.hasPrefix(Self.temporaryPrefix) }
    }

    /// The bytes of a regular file owned by this user, not a link, not larger than `maxEntryBytes`.
    private func readOwnFile(_ file: String) -> [UInt8]? {
        let fd = open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_uid == geteuid(),
              info.st_size >= 0, info.st_size <= maxEntryBytes
        else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        // A file that shrank under us reads short: not ours to trust.
        guard bytes.withUnsafeMutableBytes({ FileOutput.read(fd, into: $0) }) == bytes.count else { return nil }
        return bytes
    }

    /// Creates `path` (and missing parents) as 0700; an existing folder of this user is made
    /// private, anything else is refused.
    private static func makePrivateFolder(_ path: String) -> Bool {
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path, access(parent, F_OK) != 0 {
            guard makePrivateFolder(parent) else { return false }
        }
        if mkdir(path, 0o700) != 0, errno != EEXIST { return false }
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR, info.st_uid == geteuid() else { return false }
        if info.st_mode & 0o077 != 0 { return chmod(path, 0o700) == 0 }
        return true
    }

    // MARK: - Keys

    static func json(_ key: ResponseCache.Key) -> JSONValue {
        .array([.string(key.target), .string(key.clientID), .string(key.method), .string(key.url),
                key.body.map(JSONValue.string) ?? .null])
    }

    /// 128 bits of two FNV-1a hashes of the key; a collision costs a miss, never a wrong answer,
    /// since the file holds its full key.
    static func fileName(for key: ResponseCache.Key) -> String {
        let text = json(key).jsonText().utf8
        var a: UInt64 = 0xcbf2_9ce4_8422_2325
        var b: UInt64 = 0x6c62_272e_07bb_0142
        for byte in text {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            b ^= b >> 29
        }
        return hex(a) + hex(b) + suffix
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
