/// What the routes and middleware of one simulator share: the dataset, tokens, rate-limit windows,
/// the fault sequence and the request counts.
struct SimulatorState: Sendable {
    let configuration: SimulatorConfiguration
    let dataset: SimulatorDataset
    let tokens: TokenStore
    let limiter: RateLimiter
    let faults: FaultInjector
    let stats = SimulatorStats()

    init(configuration: SimulatorConfiguration) {
        self.configuration = configuration
        dataset = SimulatorDataset(seed: configuration.seed)
        tokens = TokenStore(seed: configuration.seed, lifetimeSeconds: configuration.tokenTTLSeconds)
        limiter = RateLimiter(
            client: RateWindow(limit: configuration.rateLimit, seconds: configuration.rateWindowSeconds),
            resources: configuration.resourceRateLimits)
        faults = FaultInjector(seed: configuration.seed, rate: configuration.faultRate)
    }

    /// `POST /_sim/reset`: zero the counts, restart every window and the fault sequence.
    func reset() {
        stats.reset()
        limiter.reset()
        faults.reset()
    }
}
