import Foundation
import NKQTestSupport
import Testing

/// The persistent response cache seen from outside: a statement run again in a new process
/// reuses the pages the first run fetched, whether that run ended or was interrupted.
@Suite(.timeLimit(.minutes(2))) struct ResumeTests {
    let nkq = NKQProcess()
    let demo = ["NKQ_CLIENT_ID": "demo", "NKQ_CLIENT_SECRET": "demo-secret"]

    /// The `--stats-file` lines written so far, as objects.
    func statsLines(_ path: String) throws -> [[String: Any]] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    @Test func aRerunInANewProcessIsAnsweredFromThePrivateCache() async throws {
        let stats = nkq.home.path + "/stats.ndjson"
        let statement = "get contracts where supplier in (10003, 10012) | select contractId"
        let first = try await nkq.run(["--stats-file", stats, "-c", statement])
        #expect(first.status == 0, "\(first.stderr)")
        let again = try await nkq.run(["--stats-file", stats, "-c", statement])
        #expect(again.stdout == first.stdout)
        var lines = try statsLines(stats)
        let calls = try #require(lines[0]["calls"] as? Int)
        #expect(calls >= 2)
        #expect(lines[1]["calls"] as? Int == 0)
        #expect(lines[1]["cacheHits"] as? Int == calls)

        // Private: the folder 0700, every entry 0600.
        let folder = nkq.cacheHome + "/nkq"
        var info = stat()
        #expect(lstat(folder, &info) == 0 && info.st_mode & 0o777 == 0o700)
        let entries = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(entries.count == calls)
        for entry in entries {
            #expect(lstat(folder + "/" + entry, &info) == 0 && info.st_mode & 0o777 == 0o600, "\(entry)")
        }

        // --no-cache neither reads nor keeps; `nkq cache clear` empties the folder.
        _ = try await nkq.run(["--no-cache", "--stats-file", stats, "-c", statement])
        let cleared = try await nkq.run(["cache", "clear"])
        #expect(cleared.status == 0, "\(cleared.stderr)")
        #expect(cleared.stderr.contains("cache cleared (\(calls) entries)"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
        _ = try await nkq.run(["--stats-file", stats, "-c", statement])
        lines = try statsLines(stats)
        #expect(lines[2]["calls"] as? Int == calls && lines[2]["cacheHits"] as? Int == 0)
        #expect(lines[3]["calls"] as? Int == calls && lines[3]["cacheHits"] as? Int == 0)
    }

    @Test func entriesExpireAfterTheTTLAndABadTTLIsAUsageError() async throws {
        let stats = nkq.home.path + "/stats.ndjson"
        let statement = "get zones where supplier = 10012"
        _ = try await nkq.run(["--stats-file", stats, "-c", statement])
        // A TTL of 0 takes nothing from the cache.
        _ = try await nkq.run(["--cache-ttl", "0s", "--stats-file", stats, "-c", statement])
        _ = try await nkq.run(["--cache-ttl", "30m", "--stats-file", stats, "-c", statement])
        let lines = try statsLines(stats)
        #expect(lines.map { $0["cacheHits"] as? Int } == [0, 0, 1])
        let bad = try await nkq.run(["--cache-ttl", "soon", "-c", statement])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--cache-ttl"))
    }

    @Test func aDamagedCacheFileIsNotTrusted() async throws {
        let stats = nkq.home.path + "/stats.ndjson"
        let statement = "get contracts where supplier = 10003 | select contractId"
        let first = try await nkq.run(["--stats-file", stats, "-c", statement])
        let folder = nkq.cacheHome + "/nkq"
        for entry in try FileManager.default.contentsOfDirectory(atPath: folder) {
            // Cut every entry in half, as a disk filling up might.
            let path = folder + "/" + entry
            let text = try String(contentsOfFile: path, encoding: .utf8)
            try String(text.prefix(text.count / 2)).write(toFile: path, atomically: false, encoding: .utf8)
        }
        let again = try await nkq.run(["--stats-file", stats, "-c", statement])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout == first.stdout)
        let lines = try statsLines(stats)
        #expect(lines[1]["cacheHits"] as? Int == 0)
        #expect(lines[1]["calls"] as? Int == lines[0]["calls"] as? Int)
    }

    @Test func aRunInterruptedByCtrlCIsResumedByTheNextProcess() async throws {
        // One request of 340-odd pages at 10 ms each: the interrupt lands early in it. The three
        // runs fit one quota window.
        let sim = try SimProcess(["--latency", "10", "--rate-limit", "100000/60"])
        let stats = nkq.home.path + "/stats.ndjson"
        let statement = "get contracts | select contractId"
        let (status, stdout, stderr) = try await interruptAfterTenPages(sim, ["--stats-file", stats, "--format", "ndjson", "-c", statement])
        #expect(status == 130, "\(stderr)")
        #expect(!stdout.isEmpty)  // rows only projected are real rows
        // One note per interruption.
        #expect(stderr.components(separatedBy: "interrupted").count == 2, "\(stderr)")
        // The note says what a rerun costs.
        #expect(stderr.contains("pages are cached; a rerun needs about"), "\(stderr)")

        let rerun = try await nkq.run(sim.target + ["--stats-file", stats, "--format", "ndjson", "-c", statement], environment: demo)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let clean = try await nkq.run(sim.target + ["--no-cache", "--stats-file", stats, "--format", "ndjson", "-c", statement],
                                environment: demo)
        #expect(rerun.stdout == clean.stdout)
        let lines = try statsLines(stats)
        try #require(lines.count == 3)
        let (interrupted, resumed, whole) = (lines[0], lines[1], lines[2])
        let firstCalls = try #require(interrupted["calls"] as? Int)
        let resumedCalls = try #require(resumed["calls"] as? Int)
        let cleanCalls = try #require(whole["calls"] as? Int)
        #expect(firstCalls >= 10)
        #expect(resumedCalls < cleanCalls - 5)
        // Only the calls in flight at the interrupt (at most the one page being fetched) are paid twice.
        #expect(firstCalls + resumedCalls >= cleanCalls)
        #expect(firstCalls + resumedCalls <= cleanCalls + 1)
        #expect(resumed["cacheHits"] as? Int == cleanCalls - resumedCalls)
    }

    @Test func aCountInterruptedByCtrlCWritesNoCount() async throws {
        let sim = try SimProcess(["--latency", "10", "--rate-limit", "100000/60"])
        let (status, stdout, stderr) = try await interruptAfterTenPages(sim, ["--format", "json", "-c", "get contracts | count"])
        #expect(status == 130, "\(stderr)")
        #expect(stdout.isEmpty, "\(stdout)")
        #expect(stderr.components(separatedBy: "interrupted").count == 2, "\(stderr)")

        // The note counts the rows read, not the one row `count` would have given.
        #expect(stderr.contains(" rows read; "), "\(stderr)")
        #expect(!stderr.contains("after 1 row read"), "\(stderr)")
    }

    /// Runs nkq on `sim` and sends it SIGINT once 10 pages are in its cache (or a minute passed).
    func interruptAfterTenPages(_ sim: SimProcess, _ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        let folder = nkq.cacheHome + "/nkq"
        let result = try await nkq.run(sim.target + arguments, environment: demo) { pid in
            _ = await eventually(within: .seconds(60)) {
                ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".page") }.count >= 10
            }
            kill(pid, SIGINT)
        }
        return (result.status, result.stdout, result.stderr)
    }
}
