import Hummingbird

/// An authenticated API call as the endpoints see it.
struct APIRequest: Sendable {
    let query: QueryParameters
    let body: ByteBuffer
    let client: SimulatorClient
    /// The server date (Europe/Oslo); "now" for calculation dates.
    let today: Day
    /// The resource's version; from 2 on, answers carry fields version 1 lacks.
    let version: Int
}
