import Foundation

extension Duration {
    /// Reads a duration as users write it on the command line: `90s`, `15m`, `2h`, `1d`, or a
    /// plain number of seconds; nil for anything else (negative, not finite, no number).
    public static func parse(_ text: String) -> Duration? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("min", 60), ("h", 3600),
                                                          ("d", 86_400)]
        var number = Substring(trimmed)
        var scale = 1.0
        for unit in units.sorted(by: { $0.suffix.count > $1.suffix.count }) where trimmed.hasSuffix(unit.suffix) {
            number = trimmed.dropLast(unit.suffix.count)
            scale = unit.seconds
            break
        }
        guard let value = Double(number.trimmingCharacters(in: .whitespaces)), value.isFinite, value >= 0,
              value * scale <= 1e9
        else { return nil }
        return .milliseconds(Int64((value * scale * 1000).rounded()))
    }

    /// This duration as a person reads it: `42 s`, `12 min`, `5.5 h`, `3 days`, `31.7 years`.
    public var spoken: String {
        let s = seconds
        switch s {
        case ..<100: return "\(Int(s.rounded(.up))) s"
        case ..<(100 * 60): return "\(Int((s / 60).rounded())) min"
        case ..<(48 * 3600): return String(format: "%.1f h", s / 3600)
        case ..<(365 * 86_400): return "\(Int((s / 86_400).rounded())) days"
        default: return String(format: "%.1f years", min(s / (365.25 * 86_400), 1e6))
        }
    }
}
