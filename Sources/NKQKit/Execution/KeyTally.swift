import Synchronization

/// Which of the values a statement asked for by key the API's rows carried, to name those that
/// brought none.
final class KeyTally: Sendable {
    private let asked: [AskedKeys]
    private let wanted: [Set<String>]
    private let seen: Mutex<[Set<String>]>

    init(_ asked: [AskedKeys]) {
        self.asked = asked
        wanted = asked.map { Set($0.values) }
        seen = Mutex(asked.map { _ in [] })
    }

    var isEmpty: Bool { asked.isEmpty }

    func note(_ row: JSONValue) {
        for (index, keys) in asked.enumerated() {
            let value = row.value(at: keys.path)
            let text: String? = switch value {
            case .number(let n): n.int.map(String.init) ?? n.text
            case .string(let s): s
            default: nil
            }
            guard let text, wanted[index].contains(text) else { continue }
            seen.withLock { _ = $0[index].insert(text) }
        }
    }

    /// One note per key field with values that brought no row.
    func notes() -> [String] {
        let seen = seen.withLock { $0 }
        return asked.enumerated().compactMap { index, keys in
            let missing = keys.values.filter { !seen[index].contains($0) }
            return missing.isEmpty ? nil : AskedKeys.note(noun: keys.noun, missing: missing)
        }
    }
}
