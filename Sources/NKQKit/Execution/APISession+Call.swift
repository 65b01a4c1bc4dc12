import Foundation

extension APISession {
    /// Makes one planned call and returns its JSON body: from the cache, or sent within the
    /// quota with a current token, tried again after server faults and dropped connections,
    /// resent after a 429 and after one token refresh on a 401.
    func call(_ request: PlannedRequest, options: ExecutionOptions, recorder: StatementRecorder) async throws
        -> JSONValue
    {
        let spec = CallSpec(request, target: target)
        if options.useCache, let cached = await cache.lookup(spec.cacheKey) {
            recorder.cacheHit()
            return cached
        }
        do {
            try recorder.budget.reserve()
        } catch {
            // `--max-calls` is a cap the user set: the rows in hand are the answer, marked partial.
            throw PartialStop(error.description)
        }
        var attempt = 1
        var refreshedToken = false
        var throttles = 0
        let budget = recorder.retries
        while true {
            try Task.checkCancellation()
            if let refusal = budget.refusal { throw ExecutionError.gaveUp(refusal) }
            // A server fault's `Retry-After` (503 Service Unavailable sends one), waited out before the next try.
            var askedToWait: Double?
            do {
                let token = try await tokens.token()
                let (response, info) = try await send(spec, token: token, options: options, recorder: recorder)
                if !options.retry.retryableStatuses.contains(response.status) { budget.succeeded() }
                announceDeprecation(of: request, headers: response.headers)
                switch response.status {
                case 200..<300:
                    let body = try Self.parseBody(response, spec: spec)
                    if options.useCache { await cache.store(body, for: spec.cacheKey) }
                    return body
                case 401 where !refreshedToken:
                    refreshedToken = true
                    await tokens.invalidate(token)
                    continue
                case 401:
                    throw ExecutionError.authentication("the API refused a freshly issued token (401) for \(spec.label)")
                case 403:
                    throw ExecutionError.forbidden(request: spec.label, detail: problem(response, token: token))
                case 404, 410:
                    if let version = request.version {
                        throw ExecutionError.versionEnded(resource: request.resource, version: version, status: response.status,
                                                          request: spec.label, detail: problem(response, token: token))
                    }
                    throw ExecutionError.http(status: response.status, request: spec.label,
                                              detail: problem(response, token: token))
                case 429:
                    throttles += 1
                    switch options.onLimit {
                    case .wait where throttles <= options.maxThrottlesPerCall:
                        continue  // the gate now holds every caller until the window resets
                    case .wait:
                        throw ExecutionError.throttled(request: spec.label, times: throttles)
                    case .fail:
                        throw ExecutionError.rateLimited(resetInSeconds: info.resetIn)
                    case .partial:
                        throw PartialStop("the API's rate limit was reached (429)")
                    }
                case 300..<400:
                    throw ExecutionError.invalidResponse(
                        request: spec.label, reason: "a redirect (\(response.status)) that was not followed")
                default:
                    if options.retry.retryableStatuses.contains(response.status) {
                        askedToWait = info.retryAfter
                    }
                    throw ExecutionError.http(status: response.status, request: spec.label,
                                              detail: problem(response, token: token))
                }
            } catch {
                guard options.retry.isRetryable(error), !Task.isCancelled else { throw Self.final(error, spec: spec) }
                let failure = Self.final(error, spec: spec)
                let triesLeft = attempt < options.retry.maxAttempts
                if let refusal = budget.failed(request: spec.label, reason: Self.reason(failure), wantsRetry: triesLeft) {
                    throw ExecutionError.gaveUp(refusal)
                }
                guard triesLeft else { throw failure }
                recorder.retried()
                let delay = options.retry.delay(afterAttempt: attempt, serverAsked: askedToWait)
                recorder.retrying(spec.label, after: Self.reason(failure), delay: delay)
                try await Task.sleep(for: delay)
                attempt += 1
            }
        }
    }

    /// Sends within the quota and the budget, records what the answer says about both, and
    /// returns it with its rate-limit headers read.
    private func send(_ spec: CallSpec, token: AccessToken, options: ExecutionOptions,
                      recorder: StatementRecorder) async throws -> (HTTPResponseSpec, RateLimitInfo) {
        let pass: QuotaGate.Pass
        do {
            pass = try await acquireQuota(for: spec.resource, policy: options.onLimit, maxWait: options.maxWait,
                                          recorder: recorder)
        } catch let exhausted as QuotaGate.Exhausted {
            if options.onLimit == .partial { throw PartialStop("the API's rate limit is reached") }
            throw ExecutionError.rateLimited(resetInSeconds: exhausted.resetIn)
        } catch let tooLong as QuotaGate.WaitTooLong {
            throw ExecutionError.waitTooLong(waitFor: tooLong.waitFor, maxWait: options.maxWait.seconds,
                                             afterThrottle: tooLong.afterThrottle)
        }
        recorder.sent()
        var headers: HTTPHeaderFields = ["Authorization": "Bearer \(token.value)", "Accept": "application/json"]
        if spec.body != nil { headers.add("Content-Type", "application/json") }
        let request = HTTPRequestSpec(method: spec.method, url: spec.url, headers: headers,
                                      body: spec.body.map { Array($0.utf8) }, timeout: options.requestTimeout)
        let response: HTTPResponseSpec
        do {
            response = try await transport.sendFollowingRedirects(request)
        } catch {
            await quota.abandoned(pass)
            throw error
        }
        // Both clocks read together: a reset in UNIX seconds becomes an instant on the gate's clock
        // however long the answer then waits for the gate (half a second tells two windows apart).
        let receivedAt = quota.time.now()
        let info = RateLimitInfo(headers: response.headers, receivedAt: Date().timeIntervalSince1970)
        await quota.completed(pass, status: response.status, info: info, receivedAt: receivedAt)
        recorder.answered(quotaRemaining: info.remaining, throttled: response.status == 429)
        return (response, info)
    }

    /// Waits for room in the windows of `endpoint`, telling the recorder while it waits.
    private func acquireQuota(for endpoint: String, policy: QuotaGate.LimitPolicy, maxWait: Duration,
                              recorder: StatementRecorder) async throws -> QuotaGate.Pass {
        let callID = recorder.newCallID()
        defer { recorder.stoppedWaiting(callID) }
        return try await quota.acquire(for: endpoint, policy: policy, maxWait: maxWait) {
            recorder.waiting(callID, until: $0, afterThrottle: $1, window: $2)
        }
    }

    /// The server's own words about an error, with the secret and the token redacted (a server
    /// may echo what it was sent).
    private func problem(_ response: HTTPResponseSpec, token: AccessToken) -> String? {
        ProblemDetails(body: response.body).summary?.redacting([target.credentials.clientSecret.reveal(), token.value])
    }

    private static func parseBody(_ response: HTTPResponseSpec, spec: CallSpec) throws -> JSONValue {
        do {
            return try JSONValue.parse(bytes: response.body)
        } catch {
            throw ExecutionError.invalidResponse(request: spec.label, reason: "the body is not JSON (\(error))")
        }
    }

    /// The error to report once no try is left.
    private static func final(_ error: any Error, spec: CallSpec) -> any Error {
        if let error = error as? TransportError {
            return ExecutionError.transport(request: spec.label, reason: error.description)
        }
        return error
    }

    /// What went wrong with one try, in a few words (`the API answered 502`, `the request timed out`).
    private static func reason(_ failure: any Error) -> String {
        switch failure {
        case ExecutionError.http(let status, _, _): "the API answered \(status)"
        case ExecutionError.transport(_, let reason): reason
        case ExecutionError.tokenEndpoint(let url, let reason): "the token endpoint \(url): \(reason)"
        default: String(describing: failure)
        }
    }
}

/// Ends a run early with the rows in hand (`--on-limit partial`, or a budget under it).
struct PartialStop: Error, Sendable {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
