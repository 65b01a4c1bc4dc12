/// Polls `condition` every 10 ms for up to `limit`; true once it holds. For waiting on an event
/// another process or task brings about, bounded generously from above.
public func eventually(within limit: Duration = .seconds(10), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}
