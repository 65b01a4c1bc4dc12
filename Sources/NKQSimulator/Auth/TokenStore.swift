import Synchronization

/// Issues opaque bearer tokens and remembers who holds them until they expire.
final class TokenStore: Sendable {
    enum Lookup {
        case valid(SimulatorClient)
        case unknown
        case expired
    }

    private struct Grant {
        let clientID: String
        let expires: Double
    }

    private struct State {
        var generator: SeededGenerator
        var grants: [String: Grant] = [:]
    }

    let lifetimeSeconds: Int
    private let state: Mutex<State>

    init(seed: UInt64, lifetimeSeconds: Int) {
        self.lifetimeSeconds = lifetimeSeconds
        state = Mutex(State(generator: SeededGenerator(seed: seed, stream: 0x70_6B_65_6E)))
    }

    func issue(for client: SimulatorClient, now: Double) -> String {
        state.withLock { state in
            if state.grants.count > 10_000 { state.grants = state.grants.filter { $0.value.expires > now } }
            let token = "nkqsim." + (0..<3).map { _ in Self.hex(state.generator.next()) }.joined()
            state.grants[token] = Grant(clientID: client.clientID, expires: now + Double(lifetimeSeconds))
            return token
        }
    }

    func lookup(_ token: String, now: Double) -> Lookup {
        guard let grant = state.withLock({ $0.grants[token] }) else { return .unknown }
        guard now < grant.expires else { return .expired }
        return SimulatorClient.named(grant.clientID).map(Lookup.valid) ?? .unknown
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
