import Foundation

/// Numbers a server sends (rate-limit headers, `Retry-After`, a token's `expires_in`), checked
/// before use: text that is not a finite decimal is no number, and spans and counts are clamped,
/// so that `1e300`, `inf` or `-5` from a broken or hostile server never trap a conversion.
enum NetworkNumber {
    /// The longest span taken from a server, in seconds (a year). Waits that long are refused by
    /// the wait cap anyway; the clamp only keeps the arithmetic finite.
    static let maxSeconds = 31_536_000.0
    /// The largest count taken (a limit or a remaining count).
    static let maxCount = 1_000_000_000

    /// A finite decimal (`12`, `0.25`, `1.79e9`); nil for `inf`, `nan`, empty or other text.
    static func decimal(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.utf8.count <= 64, let value = Double(trimmed), value.isFinite else { return nil }
        return value
    }

    /// A span in seconds: negative is zero, longer than `maxSeconds` is `maxSeconds`.
    static func seconds(_ value: Double) -> Double? {
        guard !value.isNaN else { return nil }
        return min(max(value, 0), maxSeconds)
    }

    /// A count: negative is zero, fractions are dropped, larger than `maxCount` is `maxCount`.
    static func count(_ text: String) -> Int? {
        guard let value = decimal(text) else { return nil }
        return Int(min(max(value, 0), Double(maxCount)).rounded(.down))
    }
}

extension Duration {
    /// `seconds` as a duration, clamped to 0…`NetworkNumber.maxSeconds` (NaN is zero): never
    /// traps, whatever the number.
    static func seconds(clamping seconds: Double) -> Duration {
        let clamped = NetworkNumber.seconds(seconds) ?? 0
        return .milliseconds(Int64((clamped * 1000).rounded()))
    }
}
