/// How a `limit` is honoured; the plan says which (explain prints it).
public enum LimitPlacement: Sendable, Hashable {
    /// Nothing before the limit drops or multiplies rows: fetching stops once N rows are in hand.
    case fetch(Int)
    /// A local stage before the limit (named) drops or multiplies rows, so the number of calls
    /// is not capped, but the run stops pulling (and cancels calls) once N rows pass it.
    case stopsStream(Int, after: String)
    /// A stage before the limit (named: sort, group by, count) needs every row: all are fetched.
    case afterAllRows(Int, after: String)

    public var rows: Int {
        switch self {
        case .fetch(let n), .stopsStream(let n, _), .afterAllRows(let n, _): n
        }
    }
}
