import Foundation

/// The rate-limit windows as the gate last knew them: for `.quota`, the progress line, and the
/// planner's share of each window a plan needs.
public struct QuotaSnapshot: Sendable, Hashable {
    /// One window and the endpoints it paces.
    public struct Window: Sendable, Hashable {
        /// The endpoints (resources) whose answers reported it, sorted. A window two or more
        /// report is taken as the client-level window and paces every endpoint.
        public var endpoints: [String]
        /// Nil for an endpoint that sends no rate-limit headers.
        public var limit: Int?
        public var remaining: Int?
        /// When the current period ends, on the local wall clock; nil when not known or passed.
        public var resetAt: Date?
        public var inFlight: Int
        /// Until when its calls are held after a 429.
        public var blockedUntil: Date?
        /// For an endpoint without headers: the calls its window took before a 429.
        public var learnedBudget: Int?

        public init(endpoints: [String], limit: Int?, remaining: Int?, resetAt: Date?, inFlight: Int = 0,
                    blockedUntil: Date? = nil, learnedBudget: Int? = nil) {
            self.endpoints = endpoints
            self.limit = limit
            self.remaining = remaining
            self.resetAt = resetAt
            self.inFlight = inFlight
            self.blockedUntil = blockedUntil
            self.learnedBudget = learnedBudget
        }

        public var shared: Bool { endpoints.count > 1 }

        /// Whether it paces calls on `endpoint`.
        public func paces(_ endpoint: String) -> Bool { shared || endpoints.contains(endpoint) }

        /// `the prices window`, `the shared window (contracts, prices)`.
        public var name: String { Self.name(of: endpoints) }

        static func name(of endpoints: [String]) -> String {
            endpoints.count == 1 ? "the \(endpoints[0]) window" : "the shared window (\(endpoints.joined(separator: ", ")))"
        }
    }

    public var windows: [Window]
    /// When the gate was asked.
    public var seenAt: Date

    public init(windows: [Window], seenAt: Date = Date()) {
        self.windows = windows
        self.seenAt = seenAt
    }

    /// The windows that pace calls on `endpoint`.
    public func windows(pacing endpoint: String) -> [Window] { windows.filter { $0.paces(endpoint) } }
}
