import Foundation
import NKQTestSupport
import Synchronization
import Testing

/// Retries sized to the statement, shown on the whole of `get contracts | count` (341 calls)
/// against `nkq sim --fault-rate`: a fifth or half of calls failing changes nothing in the
/// answer; an API that fails every call is given up on within a minute, after a bounded number
/// of calls, naming the request.
@Suite(.serialized, .timeLimit(.minutes(6))) struct FaultToleranceTests {
    let nkq = NKQProcess()
    let demo = ["NKQ_CLIENT_ID": "demo", "NKQ_CLIENT_SECRET": "demo-secret"]
    static let statement = "get contracts | count"
    /// The simulator's quota would make a 341-call statement wait a minute; faults are the point here.
    static let roomy = ["--rate-limit", "100000/60"]

    struct Run {
        var result: NKQProcess.Result
        var stats: [String: Any]
    }

    func run(_ sim: SimProcess, name: String) async throws -> Run {
        let statsFile = nkq.home.path + "/\(name).ndjson"
        // --no-cache: the persistent cache would answer a rerun's pages without a call.
        let result = try await nkq.run(sim.target + ["--no-cache", "--stats-file", statsFile, "-c", Self.statement],
                                 environment: demo)
        let line = (try? String(contentsOfFile: statsFile, encoding: .utf8))?.split(separator: "\n").last ?? ""
        let stats = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
        return Run(result: result, stats: stats)
    }

    /// The answer without faults, found once for the suite (the tests run one after another).
    static let clean = Mutex<String?>(nil)

    func cleanCount() async throws -> String {
        if let known = Self.clean.withLock({ $0 }) { return known }
        let sim = try SimProcess(Self.roomy)
        let clean = try await run(sim, name: "clean")
        #expect(clean.result.status == 0, "\(clean.result.stderr)")
        #expect(clean.result.stdout.hasPrefix("[{\"count\":"))
        Self.clean.withLock { $0 = clean.result.stdout }
        return clean.result.stdout
    }

    @Test func aFifthOfCallsFailingGivesTheCleanCountEveryTime() async throws {
        let expected = try await cleanCount()
        let sim = try SimProcess(Self.roomy + ["--fault-rate", "0.2"])
        for attempt in 1...3 {
            let faulty = try await run(sim, name: "fault-0.2-\(attempt)")
            #expect(faulty.result.status == 0, "\(faulty.result.stderr)")
            #expect(faulty.result.stdout == expected)
            #expect((faulty.stats["retries"] as? Int ?? 0) > 20)
        }
    }

    @Test func halfOfCallsFailingStillCompletes() async throws {
        let expected = try await cleanCount()
        let sim = try SimProcess(Self.roomy + ["--fault-rate", "0.5"])
        let faulty = try await run(sim, name: "fault-0.5")
        #expect(faulty.result.status == 0, "\(faulty.result.stderr)")
        #expect(faulty.result.stdout == expected)
        #expect((faulty.stats["retries"] as? Int ?? 0) > 200)
    }

    @Test func anAPIThatIsDownIsGivenUpOnWithinAMinuteAfterABoundedNumberOfCalls() async throws {
        let sim = try SimProcess(Self.roomy + ["--fault-rate", "1"])
        let started = Date()
        let down = try await run(sim, name: "fault-1")
        #expect(Date().timeIntervalSince(started) < 60)
        #expect(down.result.status == 1)
        // A failed statement writes nothing that parses as an empty answer.
        #expect(down.result.stdout.isEmpty, "\(down.result.stdout)")
        #expect(down.result.stderr.contains("gave up on GET http://127.0.0.1:\(sim.port)/nobbkontrakt/v1/contracts"),
                "\(down.result.stderr)")
        #expect(down.result.stderr.contains("20 tries in a row failed"))
        // The breaker's 20 failed tries, plus at most the three other calls in flight (--concurrency 4).
        let calls = try #require(down.stats["calls"] as? Int)
        #expect(calls >= 20 && calls <= 23, "\(calls) calls")
    }
}
