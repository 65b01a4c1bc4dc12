/// Keeps a run with a fetch limit from calling past it. Requests are lanes in plan order; a call
/// of lane `i` starts only when the rows in hand in lanes `0...i` and the rows the lanes before
/// it may still bring with their next call cannot reach the limit, or when every lane before it
/// has ended (then the call is needed: the first N rows in plan order are not in hand without
/// it). A lane whose call is not needed yet waits for the lanes before it.
///
/// Counting only the lanes up to a call's own keeps the answer what plan order says: a later
/// lane's rows never stand in for an earlier lane's pages.
actor FetchLimitGate: Signalling {
    /// Rows a call may bring when nothing says (a single call, or pages whose row count is not
    /// their element count): as many as the limit, so such calls run one at a time.
    static let unknown = Int.max

    private let limit: Int
    private var rows: [Int]
    /// Rows each lane's call in flight, or its next call, may bring; 0 before its first call and
    /// once it has ended. A lane between calls (its pages waiting for the reader, say) may
    /// still bring rows, so it counts too.
    private var inFlight: [Int]
    /// Whether a lane has had its first call let through or has ended.
    private var decided: [Bool]
    private var stopped = false
    var waiters = SignalWaiters()

    init(limit: Int, lanes: Int) {
        self.limit = limit
        rows = Array(repeating: 0, count: lanes)
        inFlight = Array(repeating: 0, count: lanes)
        decided = Array(repeating: false, count: lanes)
    }

    /// Waits until a call of `lane` that may bring up to `potential` rows may start; false when
    /// the lanes up to this one already hold the limit's rows, or the run has stopped.
    func admit(lane: Int, potential: Int) async throws -> Bool {
        while true {
            if stopped { return false }
            let inHand = rows[...lane].reduce(0, +)
            if inHand >= limit {
                decided[lane] = true
                signal()
                return false
            }
            let pending = inFlight[..<lane].reduce(0) { $0.addingReportingOverflow($1).overflow ? Int.max : $0 + $1 }
            if pending == 0 || pending < limit - inHand {
                inFlight[lane] = max(1, potential)
                decided[lane] = true
                signal()
                return true
            }
            try await waitForSignal()
        }
    }

    /// The call in flight in `lane` answered with `count` rows.
    func answered(lane: Int, rows count: Int) {
        rows[lane] += count
        signal()
    }

    /// `lane` makes no further call (its last page, a failure, or cancellation).
    func ended(lane: Int) {
        inFlight[lane] = 0
        decided[lane] = true
        signal()
    }

    /// No call starts any more (a request failed).
    func stop() {
        stopped = true
        signal()
    }

    /// Waits until `lane` has had its first call let through, or has ended: only then may the
    /// next lane start, so that it counts this lane's call in flight.
    func waitUntilDecided(lane: Int) async throws {
        while !decided[lane], !stopped { try await waitForSignal() }
    }
}
