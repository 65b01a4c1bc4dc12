/// An API client the simulator knows: credentials and the chain whose contracts it receives.
struct SimulatorClient: Sendable {
    let clientID: String
    let secret: String
    /// The chain office's participant number.
    let participantNumber: Int
    /// Member stores; valid `storeParticipantNo` values besides the office itself.
    let stores: ClosedRange<Int>?
    let hasSubscription: Bool

    static let demo = SimulatorClient(
        clientID: "demo", secret: "demo-secret", participantNumber: 50001, stores: 50002...50020, hasSubscription: true)
    static let other = SimulatorClient(
        clientID: "other", secret: "other-secret", participantNumber: 60001, stores: 60002...60005, hasSubscription: true)
    static let noSubscription = SimulatorClient(
        clientID: "nosub", secret: "nosub-secret", participantNumber: 70001, stores: nil, hasSubscription: false)

    static let all = [demo, other, noSubscription]

    static func named(_ clientID: String) -> SimulatorClient? {
        all.first { $0.clientID == clientID }
    }

    /// Whether `participantNumber` is this chain's office or one of its stores.
    func chainContains(_ participantNumber: Int) -> Bool {
        participantNumber == self.participantNumber || (stores?.contains(participantNumber) ?? false)
    }
}
