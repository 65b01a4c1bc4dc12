/// The time the quota gate and the token provider go by: the continuous clock, or in tests a
/// time the test moves by hand, so that waiting for a window's reset or a token's expiry needs
/// no real timer.
public struct TimeSource: Sendable {
    public var now: @Sendable () -> ContinuousClock.Instant
    /// Suspends until `now()` has reached the instant; throws `CancellationError` when the task
    /// is cancelled.
    public var sleep: @Sendable (_ until: ContinuousClock.Instant) async throws -> Void

    public init(now: @escaping @Sendable () -> ContinuousClock.Instant,
                sleep: @escaping @Sendable (_ until: ContinuousClock.Instant) async throws -> Void) {
        self.now = now
        self.sleep = sleep
    }

    public static let continuous = TimeSource(now: { .now }, sleep: { try await Task.sleep(until: $0, clock: .continuous) })
}
