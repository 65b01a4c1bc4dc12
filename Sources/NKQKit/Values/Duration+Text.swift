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
}
