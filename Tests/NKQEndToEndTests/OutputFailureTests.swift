import Foundation
import NKQTestSupport
import Testing

/// The `nkq` binary writing where writing fails: a pipe whose reader left (`| head -1`), a full
/// disk (/dev/full), a closed stdout or stderr; and `.output` onto files that must keep what
/// they are. Every format, since each writes at its own moments.
@Suite(.timeLimit(.minutes(3))) struct OutputFailureTests {
    let nkq = NKQProcess()
    static let formats = ["table", "expanded", "json", "ndjson", "csv", "tsv", "markdown"]

    /// Rows enough that every format writes far more than a pipe and nkq's buffer hold.
    func bigFile() -> String {
        var text = ""
        for i in 0..<20_000 { text += "{\"id\":\(i),\"text\":\"row \(i) of a file that is long enough\"}\n" }
        return nkq.home.write("rows.ndjson", text)
    }

    /// Runs `script` in bash with `$NKQ` the binary and nkq's stderr in `$ERR`; returns bash's
    /// own stdout (what the script echoes) and nkq's stderr.
    func bash(_ script: String, user: Bool = false) throws -> (stdout: String, nkqStderr: String) {
        let errPath = nkq.home.path + "/stderr-\(UUID().uuidString)"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        process.environment = nkq.environment.merging(["NKQ": NKQBinary.path, "ERR": errPath]) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return (String(decoding: data, as: UTF8.self), err)
    }

    /// `head -c` rather than `head -1`: compact json is one line, which `head -1` reads whole.
    @Test(arguments: formats)
    func aPipeClosedByHeadEndsNKQQuietlyAsItEndsCat(format: String) throws {
        let file = bigFile()
        let r = try bash("""
            "$NKQ" --format \(format) -c "get file '\(file)'" 2>"$ERR" | head -c 1000 >/dev/null
            echo "${PIPESTATUS[0]}"
            """)
        // 141 = 128 + SIGPIPE: killed by the closed pipe, as cat and jq are.
        #expect(r.stdout == "141\n", "format \(format): \(r.nkqStderr)")
        #expect(r.nkqStderr == "", "format \(format)")
    }

    @Test func headOneOnAnAPIStatementEndsItQuietlyAndMarksItIncomplete() throws {
        let stats = nkq.home.path + "/stats.ndjson"
        let r = try bash("""
            "$NKQ" --format ndjson --stats-file '\(stats)' -c 'get contracts where supplier = 10004' 2>"$ERR" | head -1 >/dev/null
            echo "${PIPESTATUS[0]}"
            """)
        #expect(r.stdout == "141\n", "\(r.nkqStderr)")
        #expect(r.nkqStderr == "")
        let line = try String(contentsOfFile: stats, encoding: .utf8)
        let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        #expect(record?["complete"] as? Bool == false)
    }

    /// A statement of 341 pages at 50 ms each (about 4 s with 4 calls at once): the reader's
    /// leaving stops its calls, rather than the rest of them being made for no one.
    @Test func aPipeClosedByHeadStopsTheCallsOfALongStatement() throws {
        let sim = try SimProcess(["--latency", "50", "--rate-limit", "100000/60"])
        let stats = nkq.home.path + "/stats-long.ndjson"
        let target = sim.target.map { "'\($0)'" }.joined(separator: " ")
        let r = try bash("""
            NKQ_CLIENT_ID=demo NKQ_CLIENT_SECRET=demo-secret "$NKQ" \(target) --no-cache --format ndjson \\
              --stats-file '\(stats)' -c 'get contracts | select contractId' 2>"$ERR" | head -1 >/dev/null
            echo "${PIPESTATUS[0]}"
            """)
        #expect(r.stdout == "141\n", "\(r.nkqStderr)")
        #expect(r.nkqStderr == "")
        let line = try String(contentsOfFile: stats, encoding: .utf8)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(record["complete"] as? Bool == false)
        // The first page's row, then the calls already in flight: far from 341.
        let calls = try #require(record["calls"] as? Int)
        #expect(calls < 40, "\(calls) calls")
    }

    /// A stats file on a full disk is a warning: the answer is still written, nothing traps.
    @Test func aStatsFileOnAFullDiskIsAWarning() async throws {
        let r = try await nkq.run(["--stats-file", "/dev/full", "--format", "json", "-c", "get zones where supplier = 10012 | count"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "[{\"count\":1}]\n")
        #expect(r.stderr.contains("warning: cannot write the stats file /dev/full: No space left on device"), "\(r.stderr)")
    }

    @Test(arguments: formats)
    func aFullDiskIsOneLineOnStderrAndStatus1(format: String) throws {
        let file = bigFile()
        let r = try bash("""
            "$NKQ" --format \(format) -c "get file '\(file)'" 2>"$ERR" >/dev/full
            echo "$?"
            """)
        #expect(r.stdout == "1\n", "format \(format): \(r.nkqStderr)")
        #expect(r.nkqStderr == "error: cannot write output: No space left on device\n", "format \(format)")
    }

    @Test(arguments: formats)
    func aClosedStdoutIsOneLineOnStderrAndStatus1(format: String) throws {
        let r = try bash("""
            "$NKQ" --format \(format) -c "get file '\(bigFile())'" 2>"$ERR" >&-
            echo "$?"
            """)
        #expect(r.stdout == "1\n", "format \(format): \(r.nkqStderr)")
        #expect(r.nkqStderr == "error: cannot write output: Bad file descriptor\n", "format \(format)")
    }

    @Test func aSmallResultIntoAFullDiskFailsToo() throws {
        // Written only by the flush at the end of the statement.
        let file = nkq.home.write("one.ndjson", "{\"a\":1}\n")
        let r = try bash("""
            "$NKQ" --format json -c "get file '\(file)'" 2>"$ERR" >/dev/full
            echo "$?"
            """)
        #expect(r.stdout == "1\n")
        #expect(r.nkqStderr == "error: cannot write output: No space left on device\n")
    }

    @Test func stderrThatCannotBeWrittenNeitherCrashesNorHidesTheStatus() throws {
        for redirect in ["2>/dev/full", "2>&-"] {
            let r = try bash("""
                "$NKQ" -c 'get nothing' \(redirect) >/dev/null
                echo "$?"
                """)
            // A refused statement stays 2; its lost message cannot make it better.
            #expect(r.stdout == "2\n", "\(redirect)")
            let ok = try bash("""
                "$NKQ" -c "get file '\(nkq.home.write("one.ndjson", "{\"a\":1}\n"))' | count" \(redirect)
                echo "$?"
                """)
            #expect(ok.stdout == "[{\"count\":1}]\n0\n", "\(redirect)")
        }
    }

    @Test func outputKeepsTheModeOfAnExistingFileAndCreatesNewOnesPrivate() async throws {
        let rows = nkq.home.write("one.ndjson", "{\"a\":1}\n")
        let existing = nkq.home.write("private.json", "old contents that are longer\n", mode: 0o600)
        let fresh = nkq.home.path + "/fresh.json"
        let r = try await nkq.run(["-c", ".output '\(existing)'", "-c", "get file '\(rows)'",
                             "-c", ".output '\(fresh)'", "-c", "get file '\(rows)'"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "[{\"a\":1}]\n")
        #expect(try mode(of: existing) == 0o600)
        #expect(try mode(of: fresh) == 0o600)
    }

    @Test func outputWritesThroughASymbolicLink() async throws {
        let rows = nkq.home.write("one.ndjson", "{\"a\":1}\n")
        let target = nkq.home.write("target.json", "", mode: 0o640)
        let link = nkq.home.path + "/link.json"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let r = try await nkq.run(["-c", ".output '\(link)'", "-c", "get file '\(rows)'"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "[{\"a\":1}]\n")
        #expect(try mode(of: target) == 0o640)
    }

    /// Run as an ordinary user when the tests run as root (a root nkq that replaced /dev/null
    /// would break the machine, so root only checks that the device is still there).
    @Test func outputToDevNullWritesToTheDevice() throws {
        var before = stat()
        #expect(stat("/dev/null", &before) == 0)
        let rows = nkq.home.write("one.ndjson", "{\"a\":1}\n")
        chmod(nkq.home.path, 0o755)
        let asUser = getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
        let prefix = asUser ? "/usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups " : ""
        let r = try bash("""
            \(prefix)"$NKQ" -c '.output /dev/null' -c "get file '\(rows)'" 2>"$ERR"
            echo "$?"
            """)
        #expect(r.stdout == "0\n", "\(r.nkqStderr)")
        var after = stat()
        #expect(stat("/dev/null", &after) == 0)
        #expect(after.st_mode & S_IFMT == S_IFCHR)
        #expect(after.st_ino == before.st_ino)
        #expect(after.st_rdev == before.st_rdev)
    }

    private func mode(of path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int) ?? -1
    }
}
