/// "Did you mean …?": the closest name by edit distance (case-insensitive, adjacent swaps count once).
public enum Suggestion {
    /// The candidate nearest to `name`, when it is near enough to be a likely typo.
    public static func closest(to name: String, in candidates: [String]) -> String? {
        let target = Array(name.lowercased())
        let limit = max(1, min(3, target.count / 3))
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != name {
            // The distance is at least the difference in length; skip the far ones cheaply.
            if abs(candidate.count - target.count) > limit { continue }
            let lowered = Array(candidate.lowercased())
            let d = distance(target, lowered)
            // A tie goes to the one that starts the same way (`dsc` → `desc`, not `asc`).
            let better = d < (best?.distance ?? .max)
                || (d == best?.distance && lowered.first == target.first && best?.name.lowercased().first != target.first)
            if d <= limit, better { best = (candidate, d) }
        }
        return best?.name
    }

    /// Optimal-string-alignment distance.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var v = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { v = min(v, previous2[j - 2] + 1) }
                current[j] = v
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }

    /// `help: did you mean 'x'?` text, or nil.
    static func help(for name: String, in candidates: [String]) -> String? {
        closest(to: name, in: candidates).map { "did you mean '\($0)'?" }
    }
}
