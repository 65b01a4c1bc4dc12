import Foundation
import Hummingbird

/// The request context of every route; `AuthenticationMiddleware` fills in the caller.
struct SimulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The client behind the bearer token, once authenticated.
    var client: SimulatorClient?
    /// When the request arrived (UNIX seconds): tokens and windows are judged at this time, not
    /// after the simulated latency.
    let receivedAt: Double

    init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        client = nil
        receivedAt = Date().timeIntervalSince1970
    }
}
