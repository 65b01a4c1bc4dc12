/// Answers of earlier calls in this session, keyed by method, URL and body, for `ttl`.
public actor ResponseCache {
    public struct Key: Sendable, Hashable {
        public var method: String
        public var url: String
        public var body: String?

        public init(method: String, url: String, body: String?) {
            self.method = method
            self.url = url
            self.body = body
        }
    }

    public var ttl: Duration
    public var isEnabled: Bool
    /// Oldest entries are dropped beyond this, so a long session stays bounded.
    public let capacity: Int
    private var entries: [Key: (value: JSONValue, storedAt: ContinuousClock.Instant)] = [:]
    private var order: [Key] = []

    public init(ttl: Duration = .seconds(300), isEnabled: Bool = true, capacity: Int = 1000) {
        self.ttl = ttl
        self.isEnabled = isEnabled
        self.capacity = max(1, capacity)
    }

    public func lookup(_ key: Key, now: ContinuousClock.Instant = .now) -> JSONValue? {
        guard isEnabled, let entry = entries[key] else { return nil }
        guard now - entry.storedAt < ttl else {
            entries[key] = nil
            return nil
        }
        return entry.value
    }

    public func store(_ value: JSONValue, for key: Key, now: ContinuousClock.Instant = .now) {
        guard isEnabled else { return }
        if entries.updateValue((value, now), forKey: key) == nil { order.append(key) }
        if order.count > capacity {
            let excess = order.count - capacity
            for old in order.prefix(excess) { entries[old] = nil }
            order.removeFirst(excess)
        }
    }

    public func contains(_ key: Key) -> Bool { lookup(key) != nil }

    public func clear() {
        entries.removeAll()
        order.removeAll()
    }

    public var count: Int { entries.count }
}
