import Synchronization

/// Request counts for `GET /_sim/stats`: every request except the `/_sim/` control paths.
final class SimulatorStats: Sendable {
    private struct Counts {
        var total = 0
        var byPath: [String: Int] = [:]
        var byStatus: [Int: Int] = [:]
    }

    private let counts = Mutex(Counts())

    func record(path: String, status: Int) {
        counts.withLock { counts in
            counts.total += 1
            counts.byPath[path, default: 0] += 1
            counts.byStatus[status, default: 0] += 1
        }
    }

    func reset() {
        counts.withLock { $0 = Counts() }
    }

    var json: SimJSON {
        counts.withLock { counts in
            .object([
                ("total", .int(counts.total)),
                ("byPath", .object(counts.byPath.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
                ("byStatus", .object(counts.byStatus.sorted { $0.key < $1.key }.map { (String($0.key), .int($0.value)) })),
            ])
        }
    }
}
