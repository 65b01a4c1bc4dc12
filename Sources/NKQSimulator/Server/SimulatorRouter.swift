import Hummingbird

/// The simulator's router. Every API route passes, in order: its sunset headers (if any),
/// latency, authentication (401), the rate limit (429), the subscription check (403) and faults
/// (500/502) before its endpoint runs (400/200).
enum SimulatorRouter {
    static let maximumBodyBytes = 1 << 20

    static func make(_ state: SimulatorState) -> Router<SimulatorRequestContext> {
        let configuration = state.configuration
        let routes = SimulatorRoute.routes(configuration)
        let router = Router(context: SimulatorRequestContext.self)
        router.add(middleware: TrafficMiddleware(state: state))
        router.add(middleware: NoRouteMiddleware(routes: routes))
        for route in routes {
            let method = HTTPRequest.Method(route.method) ?? .get
            let path = RouterPath(route.path)
            switch route.kind {
            case .stats:
                router.on(path, method: method) { _, _ in SimResponse(status: .ok, json: state.stats.json) }
            case .reset:
                router.on(path, method: method) { _, _ in
                    state.reset()
                    return SimResponse(status: .ok, json: state.stats.json)
                }
            case .token, .legacyToken:
                let style: TokenEndpoint.Style = route.kind == .token ? .oauth : .legacy
                router.on(path, method: method) { request, context in
                    let body = try await collectBody(request)
                    return TokenEndpoint(tokens: state.tokens).respond(
                        body: body, headers: request.headers, style: style, now: context.receivedAt)
                }
            case .api(let resource):
                let group = router.group()
                if let text = configuration.sunsets[resource], let sunset = Day(parsing: Substring(text)) {
                    group.add(middleware: DeprecationMiddleware(sunset: sunset))
                }
                group
                    .add(middleware: LatencyMiddleware(milliseconds: configuration.latencyMilliseconds))
                    .add(middleware: AuthenticationMiddleware(tokens: state.tokens))
                    .add(middleware: RateLimitMiddleware(
                        resource: resource, limiter: state.limiter,
                        sendsHeaders: !configuration.resourcesWithoutRateLimitHeaders.contains(resource),
                        sendsRetryAfter: configuration.sendRetryAfter))
                    .add(middleware: SubscriptionMiddleware())
                    .add(middleware: FaultMiddleware(faults: state.faults))
                    .on(path, method: method) { request, context in
                        try await respond(to: request, context: context, resource: resource, state: state)
                    }
            }
        }
        return router
    }

    private static func respond(
        to request: Request, context: SimulatorRequestContext, resource: SimulatorResource, state: SimulatorState
    ) async throws -> SimResponse {
        guard let client = context.client else {
            throw ProblemDetails(.internalServerError, "The call reached its endpoint unauthenticated.")
        }
        let body = resource == .purchaseorder ? try await collectBody(request) : ByteBuffer()
        var query = QueryParameters()
        for (name, value) in request.uri.queryParameters { query[name.lowercased(), default: []].append(value) }
        let apiRequest = APIRequest(
            query: query, body: body, client: client, today: Day.today(),
            version: state.configuration.version(of: resource))
        let dataset = state.dataset
        let json: SimJSON
        do {
            switch resource {
            case .contracts: json = try ContractsEndpoint(dataset: dataset).respond(to: apiRequest)
            case .prices: json = try PricesEndpoint(dataset: dataset).respond(to: apiRequest)
            case .zones: json = try ZonesEndpoint(dataset: dataset).respond(to: apiRequest)
            case .purchaseorder: json = try PurchaseOrderEndpoint(dataset: dataset).respond(to: apiRequest)
            }
        } catch let problem as ProblemDetails {
            throw problem
        } catch {
            throw ProblemDetails(.internalServerError, "Unexpected error: \(error).")
        }
        return SimResponse(status: .ok, json: json)
    }

    private static func collectBody(_ request: Request) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: maximumBodyBytes)
        } catch {
            throw ProblemDetails(.badRequest, "The body is larger than \(maximumBodyBytes) bytes.")
        }
    }
}
