import Foundation

extension QuotaSnapshot {
    /// The lines of `.quota`: one per window, with the endpoints it paces, e.g.
    /// `the prices window: 3 of 10 calls left, resets in 1 s`.
    func lines(now: Date = Date()) -> [String] {
        let ago = max(0, Int(now.timeIntervalSince(seenAt).rounded()))
        var out = ["quota: \(windows.count) \(windows.count == 1 ? "window" : "windows") (seen \(ago) s ago)"]
        for window in windows {
            var line = "  " + window.name + ": "
            if let limit = window.limit {
                if let resetAt = window.resetAt, resetAt > now {
                    let resetIn = Int(resetAt.timeIntervalSince(now).rounded(.up))
                    line += "\(window.remaining ?? limit) of \(limit) calls left, resets in \(resetIn) s"
                } else {
                    line += "\(limit) calls a window, full again (its reset has passed)"
                }
            } else {
                line += "no rate-limit headers; paced by 429s and Retry-After"
                if let budget = window.learnedBudget { line += " (\(budget) \(budget == 1 ? "call" : "calls") a window, learned)" }
            }
            if window.shared { line += "; paces every endpoint" }
            if let blocked = window.blockedUntil, blocked > now {
                line += "; held \(Int(blocked.timeIntervalSince(now).rounded(.up))) s more after a 429"
            }
            out.append(line)
        }
        return out
    }
}
