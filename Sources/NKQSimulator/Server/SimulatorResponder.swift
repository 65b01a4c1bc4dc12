import Foundation
import HTTPTypes
import Hummingbird

/// Dispatches every request from `SimulatorRoute.all`; API calls pass latency, authentication,
/// the rate limit, the subscription check and fault injection before their endpoint runs.
struct SimulatorResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    static let maximumBodyBytes = 1 << 20

    let configuration: SimulatorConfiguration
    let dataset: SimulatorDataset
    let tokens: TokenStore
    let limiter: RateLimiter
    let faults: FaultInjector
    let stats = SimulatorStats()

    init(configuration: SimulatorConfiguration, dataset: SimulatorDataset) {
        self.configuration = configuration
        self.dataset = dataset
        tokens = TokenStore(seed: configuration.seed, lifetimeSeconds: configuration.tokenTTLSeconds)
        limiter = RateLimiter(limit: configuration.rateLimit, windowSeconds: configuration.rateWindowSeconds)
        faults = FaultInjector(seed: configuration.seed, rate: configuration.faultRate)
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        let path = request.uri.path
        var clientID: String? = nil
        let answer: SimResponse
        let candidates = SimulatorRoute.all.filter { $0.path == path }
        if candidates.isEmpty {
            answer = SimResponse(ProblemDetails(.notFound, "No route for \(path)."))
        } else if let route = candidates.first(where: { $0.method == request.method.rawValue }) {
            answer = await respond(to: request, route: route, clientID: &clientID)
        } else {
            var problem = ProblemDetails(.methodNotAllowed, "\(request.method.rawValue) is not allowed on \(path).")
            problem.headers[.allow] = candidates.map(\.method).joined(separator: ", ")
            answer = SimResponse(problem)
        }
        if !path.hasPrefix("/_sim/") {
            stats.record(path: path, status: answer.status.code)
        }
        if configuration.logRequests {
            log(request, answer.status.code, clientID: clientID, elapsed: ContinuousClock.now - started)
        }
        return answer.response
    }

    private func respond(to request: Request, route: SimulatorRoute, clientID: inout String?) async -> SimResponse {
        let now = Date().timeIntervalSince1970
        switch route.kind {
        case .stats:
            return SimResponse(status: .ok, json: stats.json)
        case .reset:
            stats.reset()
            limiter.reset()
            faults.reset()
            return SimResponse(status: .ok, json: stats.json)
        case .token, .legacyToken:
            guard let body = await collectBody(request) else {
                return SimResponse(ProblemDetails(.badRequest, "The body is larger than \(Self.maximumBodyBytes) bytes."))
            }
            return TokenEndpoint(tokens: tokens).respond(
                body: body, headers: request.headers, style: route.kind == .token ? .oauth : .legacy, now: now)
        case .contracts, .prices, .zones, .purchaseOrder:
            if configuration.latencyMilliseconds > 0 {
                try? await Task.sleep(for: .milliseconds(configuration.latencyMilliseconds))
            }
            let client: SimulatorClient
            switch authenticate(request.headers[.authorization], now: now) {
            case .success(let found): client = found
            case .failure(let problem): return SimResponse(problem)
            }
            clientID = client.clientID
            let decision = limiter.take(client.clientID, now: now)
            var answer = await respond(to: request, route: route, client: client, decision: decision, now: now)
            answer.headers.append(contentsOf: decision.headers)
            return answer
        }
    }

    private func respond(
        to request: Request, route: SimulatorRoute, client: SimulatorClient, decision: RateLimiter.Decision, now: Double
    ) async -> SimResponse {
        guard decision.allowed else {
            var problem = ProblemDetails(
                .tooManyRequests,
                "Rate limit of \(decision.limit) calls per \(configuration.rateWindowSeconds) s reached; the window resets at \(decision.reset) (UNIX seconds).")
            if configuration.sendRetryAfter {
                problem.headers[.retryAfter] = String(max(1, decision.reset - Int(now.rounded(.down))))
            }
            return SimResponse(problem)
        }
        guard client.hasSubscription else {
            return SimResponse(ProblemDetails(.forbidden, "Client \(client.clientID) has no NOBB Kontrakt subscription."))
        }
        if let fault = faults.nextFault() {
            return SimResponse(ProblemDetails(fault, "Simulated fault (--fault-rate \(configuration.faultRate))."))
        }
        var body = ByteBuffer()
        if route.kind == .purchaseOrder {
            guard let collected = await collectBody(request) else {
                return SimResponse(ProblemDetails(.badRequest, "The body is larger than \(Self.maximumBodyBytes) bytes."))
            }
            body = collected
        }
        var query = QueryParameters()
        for (name, value) in request.uri.queryParameters { query[String(name), default: []].append(value) }
        let apiRequest = APIRequest(query: query, body: body, client: client, today: Day.today())
        do {
            let json: SimJSON
            switch route.kind {
            case .contracts: json = try ContractsEndpoint(dataset: dataset).respond(to: apiRequest)
            case .prices: json = try PricesEndpoint(dataset: dataset).respond(to: apiRequest)
            case .zones: json = try ZonesEndpoint(dataset: dataset).respond(to: apiRequest)
            default: json = try PurchaseOrderEndpoint(dataset: dataset).respond(to: apiRequest)
            }
            return SimResponse(status: .ok, json: json)
        } catch let problem as ProblemDetails {
            return SimResponse(problem)
        } catch {
            return SimResponse(ProblemDetails(.internalServerError, "Unexpected error: \(error)."))
        }
    }

    /// The client behind a `Bearer` token, or the 401 to answer. Tokens never appear in messages.
    private func authenticate(_ header: String?, now: Double) -> Result<SimulatorClient, ProblemDetails> {
        guard let header, !header.isEmpty else {
            return .failure(.unauthorized("An Authorization: Bearer header is required."))
        }
        let parts = header.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            return .failure(.unauthorized(
                "The Authorization header must be 'Bearer <token>'.",
                challenge: "Bearer error=\"invalid_request\", error_description=\"malformed Authorization header\""))
        }
        switch tokens.lookup(String(parts[1]), now: now) {
        case .valid(let client):
            return .success(client)
        case .unknown:
            return .failure(.unauthorized(
                "The access token is not valid.",
                challenge: "Bearer error=\"invalid_token\", error_description=\"unknown token\""))
        case .expired:
            return .failure(.unauthorized(
                "The access token expired.",
                challenge: "Bearer error=\"invalid_token\", error_description=\"the token expired\""))
        }
    }

    private func collectBody(_ request: Request) async -> ByteBuffer? {
        try? await request.body.collect(upTo: Self.maximumBodyBytes)
    }

    private func log(_ request: Request, _ status: Int, clientID: String?, elapsed: Duration) {
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        let query = request.uri.query.map { "?" + $0 } ?? ""
        let who = clientID.map { " client=\($0)" } ?? ""
        let line = "\(request.method.rawValue) \(request.uri.path)\(query) \(status) \(String(format: "%.1f", milliseconds)) ms\(who)\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}
