/// What a statement's run cost: one object per statement in `--stats-file`.
public struct ExecutionStats: Sendable, Hashable {
    /// API calls sent, retries and 429s included; token requests not.
    public var calls = 0
    public var retries = 0
    /// 429 answers received.
    public var throttled = 0
    /// Time spent waiting for quota windows to reset.
    public var waitedSeconds = 0.0
    public var cacheHits = 0
    /// Pages answered, by the API or the cache: what a rerun finds in the cache.
    public var pages = 0
    /// Every request was read to its end (not stopped by a limit, an error or the reader).
    public var readToEnd = false
    public var rows = 0
    public var elapsedSeconds = 0.0
    /// False when rows are missing: interrupted, or stopped by `--on-limit partial`.
    public var complete = false
    /// Why the rows are incomplete, for the REPL's note.
    public var partialReason: String?
    /// Pages each request took when it was followed to its last page; the planner's estimates
    /// for the next statement start from these.
    public var pagesByRequest: [PlannedRequest: Int] = [:]
    /// Rows each request brought when it was followed to its last page: how many rows a later
    /// partial run of it missed, about (the data may have changed since).
    public var rowsByRequest: [PlannedRequest: Int] = [:]
    /// Remarks about the rows that do not make them wrong (bytes of a file that are not UTF-8),
    /// shown once each after the statement.
    public var notes: [String] = []

    public init() {}

    /// The `--stats-file` line: the fields docs/shell.md lists, in its order.
    public func json(statement: String) -> JSONValue {
        .object(JSONObject([
            ("statement", .string(statement)),
            ("calls", .int(calls)),
            ("retries", .int(retries)),
            ("throttled", .int(throttled)),
            ("waitedSeconds", .double(Self.rounded(waitedSeconds))),
            ("cacheHits", .int(cacheHits)),
            ("rows", .int(rows)),
            ("elapsedSeconds", .double(Self.rounded(elapsedSeconds))),
            ("complete", .bool(complete)),
        ]))
    }

    private static func rounded(_ seconds: Double) -> Double {
        (seconds * 1000).rounded() / 1000
    }
}
