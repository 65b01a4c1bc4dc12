import Foundation

/// Why a statement's run failed or stopped. Errors are data: the shell maps `status` and
/// renders `diagnostic`. No case ever carries the client secret or a token.
public enum ExecutionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The API answered an error status; `detail` is the problem-details text, if any.
    case http(status: Int, request: String, detail: String?)
    /// The token endpoint refused the credentials, or the API refused a fresh token.
    case authentication(String)
    /// 403: a valid token without access to what was asked.
    case forbidden(request: String, detail: String?)
    /// 404 or 410 on a versioned path: the API no longer serves that version of the resource.
    case versionEnded(resource: String, version: Int, status: Int, request: String, detail: String?)
    /// The quota ran out and `--on-limit fail` forbids waiting.
    case rateLimited(resetInSeconds: Double?)
    /// The API kept answering 429 to one call although each window was waited out.
    case throttled(request: String, times: Int)
    /// The quota opens again later than `--max-wait` from now (seconds each).
    case waitTooLong(waitFor: Double, maxWait: Double, afterThrottle: Bool)
    /// The statement stopped trying: the API looks down, or fails most calls (`RetryBudget`).
    case gaveUp(request: String, reason: String, why: String)
    /// No answer from the token endpoint (its URL, not the API call's, is named).
    case tokenEndpoint(url: String, reason: TransportError)
    /// `--max-calls`: the plan may need more calls than allowed (refused before the first call):
    /// `planned` is its most calls, or its estimate when its pages are known only as they are read.
    case budgetRefused(maxCalls: Int, planned: Int, estimated: Bool = false, spent: Int = 0)
    /// `--max-calls`: the run reached the budget (a plan that grew past its estimate); the run
    /// ends with the rows in hand, partial.
    case budgetExhausted(maxCalls: Int)
    /// No response after every try.
    case transport(request: String, reason: String)
    /// A 2xx whose body is not what the API promises (a JSON array).
    case invalidResponse(request: String, reason: String)
    /// A `file` or `stdin` source could not be read or parsed.
    case source(String)

    /// How the statement ends.
    public var status: ExitStatus {
        switch self {
        case .http, .versionEnded, .rateLimited, .throttled, .waitTooLong, .gaveUp, .tokenEndpoint, .transport,
             .invalidResponse, .source: .failed
        case .budgetRefused, .budgetExhausted: .partial
        case .authentication, .forbidden: .unauthorized
        }
    }

    public var description: String {
        switch self {
        case .http(let status, let request, let detail):
            "the API answered \(status) to \(request)" + (detail.map { ": \($0)" } ?? "")
        case .versionEnded(let resource, let version, let status, let request, let detail):
            "the API no longer serves \(resource) v\(version): it answered \(status) to \(request)" + (detail.map { ": \($0)" } ?? "")
        case .authentication(let why):
            "authentication failed: \(why)"
        case .forbidden(let request, let detail):
            "access denied (403) to \(request)" + (detail.map { ": \($0)" } ?? "")
        case .rateLimited(let resetIn):
            "the API's rate limit is reached" + (resetIn.map { String(format: "; it resets in %.1f s", $0) } ?? "")
                + " and --on-limit fail forbids waiting"
        case .throttled(let request, let times):
            "the API answered 429 (too many requests) \(times) times to \(request), although each time nkq "
                + "waited for the rate-limit window it announced; another client may be spending the same quota"
        case .waitTooLong(let waitFor, let maxWait, let afterThrottle):
            (afterThrottle ? "the API asks to wait \(Duration.seconds(clamping: waitFor).spoken) (Retry-After of a 429)"
                : "the API's rate-limit window opens again in \(Duration.seconds(clamping: waitFor).spoken)")
                + ", longer than --max-wait \(Duration.seconds(clamping: maxWait).spoken)"
        case .gaveUp(let request, let reason, let why):
            "gave up on \(request) (\(reason)): \(why)"
        case .tokenEndpoint(let url, let reason):
            "no answer from the token endpoint (POST \(url)): \(reason)"
        case .budgetRefused(let maxCalls, let planned, let estimated, let spent):
            (estimated ? "the plan needs about \(planned)" : "the plan may need up to \(planned)")
                + (spent > 0 ? " calls, more than the \(maxCalls - spent) left of --max-calls \(maxCalls)"
                    + " (\(spent) spent by the statement so far)"
                    : " calls, more than --max-calls \(maxCalls)")
        case .budgetExhausted(let maxCalls):
            "stopped after \(maxCalls) \(maxCalls == 1 ? "call" : "calls") (--max-calls)"
        case .transport(let request, let reason):
            "no answer to \(request): \(reason)"
        case .invalidResponse(let request, let reason):
            "unexpected answer to \(request): \(reason)"
        case .source(let why):
            why
        }
    }

    /// The statement stopped retrying for `refusal`'s reason.
    static func gaveUp(_ refusal: RetryBudget.Refusal) -> ExecutionError {
        .gaveUp(request: refusal.request, reason: refusal.reason, why: refusal.why)
    }

    /// A hint for the user, rendered as `help:`.
    public var help: String? {
        switch self {
        case .versionEnded(let resource, _, _, _, _):
            "the version has ended: call the one the API serves now with --api-version \(resource)=vN"
        case .authentication: "check the client id and secret (NKQ_CLIENT_ID / NKQ_CLIENT_SECRET or the profile)"
        case .rateLimited: "use --on-limit wait to wait for the window to reset, or --on-limit partial"
        case .throttled: "try again later, or use --on-limit partial to keep the rows in hand"
        case .waitTooLong: "raise --max-wait, or use --on-limit partial to keep the rows in hand"
        case .gaveUp: "try again later"
        case .budgetRefused: "narrow the query (fewer suppliers, a date range) or raise --max-calls"
        case .budgetExhausted: "raise --max-calls"
        default: nil
        }
    }

    /// The error as a runtime diagnostic for `DiagnosticRenderer`.
    public var diagnostic: Diagnostic {
        .error(.runtime, description, at: nil, help: help)
    }
}
