import HTTPTypes
import Synchronization

/// Answers a share of API calls with 500 or 502; a seeded generator advanced once per call makes
/// the sequence of faults the same on every run with the same seed.
final class FaultInjector: Sendable {
    let rate: Double
    private let seed: UInt64
    private let generator: Mutex<SeededGenerator>

    init(seed: UInt64, rate: Double) {
        self.seed = seed
        self.rate = rate
        generator = Mutex(Self.freshGenerator(seed))
    }

    private static func freshGenerator(_ seed: UInt64) -> SeededGenerator {
        SeededGenerator(seed: seed, stream: 0xFA_17)
    }

    func nextFault() -> HTTPResponse.Status? {
        guard rate > 0 else { return nil }
        return generator.withLock { generator in
            let draw = generator.unit()
            let which = generator.next()
            guard draw < rate else { return nil }
            return which % 2 == 0 ? .internalServerError : .badGateway
        }
    }

    func reset() {
        generator.withLock { $0 = Self.freshGenerator(seed) }
    }
}
