/// The `--stats-file` line of one statement (DESIGN.md's interface contract).
enum StatsRecord {
    static func json(_ stats: StatementStats, statement: String) -> String {
        JSONValue.object(JSONObject([
            ("statement", .string(statement)),
            ("calls", .number(JSONNumber(stats.calls))),
            ("retries", .number(JSONNumber(stats.retries))),
            ("throttled", .number(JSONNumber(stats.throttled))),
            ("waitedSeconds", .number(JSONNumber(rounded(stats.waitedSeconds)))),
            ("cacheHits", .number(JSONNumber(stats.cacheHits))),
            ("rows", .number(JSONNumber(stats.rows))),
            ("elapsedSeconds", .number(JSONNumber(rounded(stats.elapsedSeconds)))),
            ("complete", .bool(stats.complete)),
        ])).jsonText()
    }

    /// Milliseconds are enough, and keep the lines short.
    private static func rounded(_ seconds: Double) -> Double {
        (seconds * 1000).rounded() / 1000
    }
}
