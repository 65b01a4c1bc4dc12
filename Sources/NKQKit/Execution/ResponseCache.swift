import Foundation

/// Answers of earlier calls, keyed by target, client, method, URL and body, for `ttl`: in
/// memory for the session and, given a `CacheFolder`, on disk, so that a statement run again
/// after a failure, Ctrl-C or an empty quota (in this process or a new one) fetches only the
/// pages it did not have.
public actor ResponseCache {
    public struct Key: Sendable, Hashable {
        /// Names the API (`Target.cacheName`): answers of two APIs never mix.
        public var target: String
        /// Two clients may see different contracts.
        public var clientID: String
        public var method: String
        /// Path and query, relative to the API base.
        public var url: String
        public var body: String?

        public init(target: String, clientID: String, method: String, url: String, body: String?) {
            self.target = target
            self.clientID = clientID
            self.method = method
            self.url = url
            self.body = body
        }
    }

    public let ttl: Duration
    /// Oldest entries in memory are dropped beyond this, so a long session stays bounded.
    public let capacity: Int
    public let folder: CacheFolder?
    private var entries: [Key: (value: JSONValue, storedAt: Date)] = [:]
    private var order: [Key] = []
    /// Stores since the folder was last pruned; it is pruned at the first store and every 500th.
    private var storesSincePrune: Int?

    public init(ttl: Duration = .seconds(300), capacity: Int = 1000, folder: CacheFolder? = nil) {
        self.ttl = ttl
        self.capacity = max(1, capacity)
        self.folder = folder
    }

    public func lookup(_ key: Key, now: Date = Date()) -> JSONValue? {
        if let entry = entries[key], isFresh(entry.storedAt, now: now) { return entry.value }
        guard let folder, let entry = folder.load(key), isFresh(entry.storedAt, now: now) else { return nil }
        remember(entry.value, for: key, storedAt: entry.storedAt)
        return entry.value
    }

    public func store(_ value: JSONValue, for key: Key, now: Date = Date()) {
        remember(value, for: key, storedAt: now)
        guard let folder else { return }
        if storesSincePrune.map({ $0 >= 500 }) ?? true {
            folder.prune(expiredBefore: now.addingTimeInterval(-ttl.seconds), now: now)
            storesSincePrune = 0
        }
        storesSincePrune? += 1
        folder.save(value, for: key, storedAt: now)
    }

    /// Empties the cache, on disk too; returns how many entries the folder held.
    @discardableResult
    public func clear() -> Int {
        entries.removeAll()
        order.removeAll()
        return folder?.removeAll() ?? 0
    }

    /// Entries in memory.
    public var count: Int { entries.count }

    /// An entry stored in the future (a clock set back) is not trusted either.
    private func isFresh(_ storedAt: Date, now: Date) -> Bool {
        let age = now.timeIntervalSince(storedAt)
        return age >= -60 && age < ttl.seconds
    }

    private func remember(_ value: JSONValue, for key: Key, storedAt: Date) {
        if entries.updateValue((value, storedAt), forKey: key) == nil { order.append(key) }
        if order.count > capacity {
            let excess = order.count - capacity
            for old in order.prefix(excess) { entries[old] = nil }
            order.removeFirst(excess)
        }
    }
}
