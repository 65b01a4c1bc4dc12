/// Fetches OAuth client-credentials tokens on first need, keeps one in memory and refreshes it
/// before it expires or when the API rejects it. Concurrent callers share one fetch.
public actor TokenProvider {
    public nonisolated let target: Target
    private let transport: any HTTPTransport
    private let timeout: Duration
    private let time: TimeSource
    private var current: AccessToken?
    private var inFlight: Task<AccessToken, any Error>?
    /// Token requests sent (not API calls); for tests and diagnostics.
    public private(set) var fetches = 0

    public init(target: Target, transport: any HTTPTransport, timeout: Duration = .seconds(30), time: TimeSource = .continuous) {
        self.target = target
        self.transport = transport
        self.timeout = timeout
        self.time = time
    }

    /// A token valid for a while yet. Throws `ExecutionError.authentication` when the token
    /// endpoint refuses the credentials, and retryable errors (transport, 5xx) as they come.
    public func token() async throws -> AccessToken {
        while true {
            if let current, time.now() < current.refreshAt { return current }
            let task = inFlight ?? startFetch()
            // Cancelling a waiter cancels the shared fetch; other waiters then start a new one.
            let result = await withTaskCancellationHandler { await task.result } onCancel: { task.cancel() }
            if inFlight == task { inFlight = nil }
            switch result {
            case .success(let token):
                current = token
                return token
            case .failure(let error):
                if error is CancellationError, !Task.isCancelled { continue }
                throw error
            }
        }
    }

    /// Forgets `token` after the API answered 401 to it, so the next caller fetches a new one.
    /// A token already replaced is left alone, so concurrent 401s cause one fetch.
    public func invalidate(_ token: AccessToken) {
        if current == token { current = nil }
    }

    private func startFetch() -> Task<AccessToken, any Error> {
        fetches += 1
        let target = target, transport = transport, timeout = timeout, time = time
        let task = Task { try await Self.fetch(target: target, transport: transport, timeout: timeout, time: time) }
        inFlight = task
        return task
    }

    private static func fetch(target: Target, transport: any HTTPTransport, timeout: Duration, time: TimeSource) async throws
        -> AccessToken
    {
        let credentials = target.credentials
        var form = [("grant_type", "client_credentials"), ("client_id", credentials.clientID),
                    ("client_secret", credentials.clientSecret.reveal())]
        if let scope = credentials.scope { form.append(("scope", scope)) }
        let request = HTTPRequestSpec(
            method: "POST", url: target.tokenURL,
            headers: ["Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"],
            body: Array(URLEncoding.form(form).utf8), timeout: timeout)
        let sentAt = time.now()
        let response: HTTPResponseSpec
        do {
            response = try await transport.sendFollowingRedirects(request)
        } catch let error as TransportError {
            // Named as the token endpoint's failure, not the API call's that needed the token.
            throw ExecutionError.tokenEndpoint(url: target.tokenURL, reason: error)
        }
        let secrets = [credentials.clientSecret.reveal()]
        guard response.isSuccess else {
            let problem = ProblemDetails(body: response.body).summary?.redacting(secrets)
            let reason = "HTTP \(response.status)" + (problem.map { ": \($0)" } ?? "")
            switch response.status {
            case 400, 401, 403:
                throw ExecutionError.authentication(
                    "the token endpoint refused client '\(credentials.clientID)' (\(reason))")
            default:
                throw ExecutionError.http(status: response.status, request: "POST \(target.tokenURL)", detail: problem)
            }
        }
        guard case .object(let body) = (try? JSONValue.parse(bytes: response.body)) ?? .null,
              let value = body["access_token"]?.stringValue, !value.isEmpty
        else {
            throw ExecutionError.authentication("the token endpoint's answer has no access_token")
        }
        // A number or a numeric string; `"inf"` or garbage means the usual hour.
        let expiresIn = body["expires_in"]?.doubleValue.flatMap { $0.isFinite ? $0 : nil }
            ?? body["expires_in"]?.stringValue.flatMap(NetworkNumber.decimal) ?? 3600
        return AccessToken(value: value, refreshAt: sentAt + AccessToken.lifetime(expiresIn: expiresIn))
    }
}
