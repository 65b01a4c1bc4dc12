import NKQKit

/// Timing and number formatting shared by the benchmarks.
enum Measure {
    /// Seconds `body` takes, with what it returned.
    static func seconds<T>(_ body: () throws -> T) rethrows -> (seconds: Double, result: T) {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try body()
        return ((clock.now - start).seconds, result)
    }

    /// The best of `rounds` runs, in seconds, with the last run's result.
    static func best<T>(of rounds: Int, _ body: () -> T) -> (seconds: Double, result: T) {
        var last = seconds(body)
        var best = last.seconds
        for _ in 1..<max(1, rounds) {
            last = seconds(body)
            best = min(best, last.seconds)
        }
        return (best, last.result)
    }
}

extension Int {
    /// 1234567 as "1,234,567".
    var formattedThousands: String {
        let digits = Array(String(self))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += "," }
            out.append(d)
        }
        return out
    }
}
