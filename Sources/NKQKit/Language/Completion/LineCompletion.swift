/// Candidates for the word that ends at the cursor.
public struct LineCompletion: Sendable, Hashable {
    /// Character offset where the word being completed starts; candidates replace
    /// `start..<cursor`.
    public var start: Int
    /// Full words (not suffixes), in the order to show them.
    public var candidates: [String]

    public init(start: Int, candidates: [String]) {
        self.start = start
        self.candidates = candidates
    }

    public static func none(at cursor: Int) -> LineCompletion { LineCompletion(start: cursor, candidates: []) }
}
