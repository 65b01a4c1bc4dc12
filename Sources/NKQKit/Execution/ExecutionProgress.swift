import Foundation

/// A statement's progress, for the REPL's stderr line; sent after every call, every batch of
/// rows and when a quota wait begins.
public struct ExecutionProgress: Sendable, Hashable {
    public var callsDone: Int
    /// The plan's best guess (estimate, else maximum); nil when unbounded.
    public var callsPlanned: Int?
    public var rows: Int
    public var cacheHits: Int
    /// The quota's `remaining` in the last answer.
    public var quotaRemaining: Int?
    /// Set while waiting for a rate-limit window to reset.
    public var waitingUntil: Date?
    /// The window waited for, e.g. `the prices window`.
    public var waitingFor: String?

    public init(callsDone: Int = 0, callsPlanned: Int? = nil, rows: Int = 0, cacheHits: Int = 0,
                quotaRemaining: Int? = nil, waitingUntil: Date? = nil, waitingFor: String? = nil) {
        self.callsDone = callsDone
        self.callsPlanned = callsPlanned
        self.rows = rows
        self.cacheHits = cacheHits
        self.quotaRemaining = quotaRemaining
        self.waitingUntil = waitingUntil
        self.waitingFor = waitingFor
    }
}
