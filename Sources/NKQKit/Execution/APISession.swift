import Synchronization

/// What every statement of a shell session shares: the target, one transport, one token, one
/// quota window and one cache.
public final class APISession: Sendable {
    public let target: Target
    public let transport: any HTTPTransport
    public let tokens: TokenProvider
    public let quota: QuotaGate
    public let cache: ResponseCache
    /// Resources whose deprecation this session has warned about (once each).
    let announcedDeprecations = Mutex(Set<String>())

    public init(target: Target, transport: any HTTPTransport = AsyncHTTPTransport(),
                quota: QuotaGate = QuotaGate(), cache: ResponseCache = ResponseCache(),
                tokenTimeout: Duration = .seconds(30), time: TimeSource = .continuous) {
        self.target = target
        self.transport = transport
        self.tokens = TokenProvider(target: target, transport: transport, timeout: tokenTimeout, time: time)
        self.quota = quota
        self.cache = cache
    }
}

/// One API call's wire form.
struct CallSpec: Sendable {
    let method: String
    let url: String
    let body: String?
    let cacheKey: ResponseCache.Key
    /// The resource called: the quota gate paces calls by it.
    let resource: String

    init(_ request: PlannedRequest, target: Target) {
        resource = request.resource
        method = request.method.rawValue
        url = URLEncoding.url(base: target.apiBaseURL, path: request.path, query: request.query)
        body = request.body?.jsonText()
        cacheKey = ResponseCache.Key(target: target.cacheName, clientID: target.credentials.clientID, method: method,
                                     url: URLEncoding.url(base: "", path: request.path, query: request.query), body: body)
    }

    /// Names the call in errors: method and URL, never headers.
    var label: String { "\(method) \(url)" }
}
