/// How a statement, a script or the whole command ended, numbered as `nkq --help` and
/// docs/shell.md give them. Scripts and `--continue-on-error` keep the worst one seen.
public enum ExitStatus: Int32, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case ok = 0
    /// A query or API error during the run.
    case failed = 1
    /// A usage error, or a statement refused before any call (syntax, analysis, planning).
    case refused = 2
    /// A partial result, or a statement refused by the call budget.
    case partial = 3
    /// Authentication or permission.
    case unauthorized = 4
    /// Ctrl-C.
    case interrupted = 130

    /// Which of two statuses a script reports: an interrupt beats everything, then a credential
    /// problem (nothing will work), then a refusal, a failure, a partial result, success.
    public var severity: Int {
        switch self {
        case .ok: 0
        case .partial: 1
        case .failed: 2
        case .refused: 3
        case .unauthorized: 4
        case .interrupted: 5
        }
    }

    public func worst(_ other: ExitStatus) -> ExitStatus {
        other.severity > severity ? other : self
    }

    public var description: String {
        switch self {
        case .ok: "ok"
        case .failed: "error"
        case .refused: "refused"
        case .partial: "partial"
        case .unauthorized: "unauthorized"
        case .interrupted: "interrupted"
        }
    }
}
