import Foundation

extension Duration {
    /// A span as the command line writes it: `90` or `90s` (seconds), `30m`, `2h`, `1d`; nil for
    /// anything else, a negative number or more than a year.
    public init?(text: String) {
        var digits = Substring(text)
        var unit: Int64 = 1
        switch digits.last {
        case "s": digits.removeLast()
        case "m": digits.removeLast(); unit = 60
        case "h": digits.removeLast(); unit = 3_600
        case "d": digits.removeLast(); unit = 86_400
        default: break
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let count = Int64(digits), count >= 0,
              count <= 366 * 86_400 / unit else { return nil }
        self = .seconds(count * unit)
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
