import Foundation
import NKQKit
import NKQTestSupport
import Testing

/// The `nkq` binary running scripts: exit statuses, error positions, flags.
@Suite struct ScriptTests {
    let nkq = NKQProcess()
    var target: [String] { NKQProcess.offlineTarget }

    @Test func okScriptExitsZero() async throws {
        let r = try await nkq.run(target + ["-c", "let a = 1; let b = (1, 2)", "-c", ".params"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "$a = 1\n$b = (1, 2)\n")
    }

    @Test func versionIsPrintedAndExitsZero() async throws {
        let r = try await nkq.run(["--version"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.split(separator: ".").count == 3, "\(r.stdout)")
        #expect(r.stdout.hasSuffix("\n"))
    }

    @Test func syntaxErrorInAFileStopsWithFileLineColumnAndCaret() async throws {
        let file = nkq.home.write("report.nkq", "# rapport for Ålesund\nlet a = 1\nlet navn = 'Ærlig' søk\nlet c = 3\n.params\n")
        let r = try await nkq.run(target + ["-f", file])
        #expect(r.status == 2)
        #expect(r.stderr == """
        error: expected the end of the statement, found 'søk'
         --> \(file):3:20
          |
        3 | let navn = 'Ærlig' søk
          |                    ^^^
        help: end a statement with ';' or a new line

        """)
        #expect(r.stdout.isEmpty)  // stopped before .params
    }

    @Test func continueOnErrorReportsEveryErrorAndExitsWithTheWorst() async throws {
        let file = nkq.home.write("s.nkq", "let a =\n.output /nonexistent/folder/out.txt\nlet c = 3\nlet d = )\n.params\n")
        let r = try await nkq.run(target + ["--continue-on-error", "-f", file])
        #expect(r.status == 2)  // a refused statement outranks the failed .output
        #expect(r.stderr.contains("\(file):1:"))
        #expect(r.stderr.contains("cannot write to '/nonexistent/folder/out.txt'"))
        #expect(r.stderr.contains("\(file):4:"))
        #expect(r.stdout == "$c = 3\n")
    }

    @Test func analysisErrorIsRefusedBeforeAnyCall() async throws {
        let r = try await nkq.run(target + ["-c", "get contracts | select supplier | where suplier = 10012"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("suplier"))
        #expect(r.stderr.contains("did you mean 'supplier'?"), "\(r.stderr)")
    }

    @Test func aFieldNoRowHasIsRefusedAfterTheFirstPage() async throws {
        // The API may add fields the schema does not know, so a name unknown to the schema is
        // looked for in the first row before it is called a mistake: the first page and the
        // few fetched ahead while it was read, not the 300-odd pages of every contract.
        let simulator = try SimProcess([])
        let stats = nkq.home.path + "/unknown-field.ndjson"
        let r = try await nkq.run(simulator.target + ["--no-cache", "--stats-file", stats, "-c",
                                                      "get contracts where suplier = 10012 | count"],
                                  environment: ["NKQ_CLIENT_ID": "demo", "NKQ_CLIENT_SECRET": "demo-secret"])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("did you mean 'supplier'?"), "\(r.stderr)")
        let line = try JSONValue.parse(try String(contentsOfFile: stats, encoding: .utf8))
        let calls = try #require(line["calls"].intValue)
        #expect(calls >= 1 && calls <= 4, "\(calls) calls")
    }

    @Test func diagnosticsFollowTheColourPolicyOfRows() async throws {
        // FORCE_COLOR colours rows even when piped; diagnostics follow the same policy.
        let forced = try await nkq.run(target + ["-c", "get contracts | select supplier | where suplier = 10012"], environment: ["FORCE_COLOR": "1"])
        #expect(forced.status == 2)
        #expect(forced.stderr.contains("\u{1B}[1;31merror"), "\(forced.stderr)")
        let plain = try await nkq.run(target + ["-c", "get contracts | select supplier | where suplier = 10012"])
        #expect(!plain.stderr.contains("\u{1B}["), "\(plain.stderr)")
    }

    @Test func runtimeFailureExitsOne() async throws {
        let r = try await nkq.run(target + ["-c", ".output /nonexistent/folder/out.txt"])
        #expect(r.status == 1)
    }

    @Test func usageErrorsExitTwo() async throws {
        for arguments in [["--on-limit", "never"], ["--format", "xml"], ["--param", "novalue"], ["--concurrency", "0"],
                          ["--max-calls", "-1"], ["--no-such-flag"]] {
            let r = try await nkq.run(target + arguments + ["-c", "let a = 1"])
            #expect(r.status == 2, "\(arguments): \(r.stderr)")
            #expect(r.stderr.contains("rror"), "\(arguments)")
        }
        let lonelyTokenURL = try await nkq.run(["--token-url", "https://a.no/t", "-c", "let a = 1"])
        #expect(lonelyTokenURL.status == 2)
        #expect(lonelyTokenURL.stderr.contains("--token-url needs --endpoint or --profile"))
    }

    @Test func missingCredentialsExitFour() async throws {
        let r = try await nkq.run(["--endpoint", "https://api.example.no/x", "--token-url", "https://auth.example.no/t", "-c", "let a = 1"],
                            removing: ["NKQ_CLIENT_ID", "NKQ_CLIENT_SECRET"])
        #expect(r.status == 4)
        #expect(r.stderr.contains("NKQ_CLIENT_ID"))
    }

    @Test func ctrlCExitsOneThirty() throws {
        // `-c .params` prints first, so the test knows the handler is in place; then the script
        // on stdin is read, and the Ctrl-C that came meanwhile stops it before its first statement.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: NKQBinary.path)
        process.arguments = target + ["-c", ".params", "-f", "-"]
        process.environment = nkq.environment
        let out = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = input
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("no parameters bound"), Date() < deadline {
            seen += out.fileHandleForReading.availableData
        }
        // A process-directed SIGINT waits for a thread that does not block it (dispatch workers
        // do), so it may be handled a moment after kill returns; nkq offers no sign that it has
        // been, hence the pause before the script follows.
        kill(process.processIdentifier, SIGINT)
        Thread.sleep(forTimeInterval: 0.5)
        input.fileHandleForWriting.write(Data("let a = 1\n.params\n".utf8))
        try input.fileHandleForWriting.close()
        let rest = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 130)
        #expect(!String(decoding: rest, as: UTF8.self).contains("$a"))
    }

    @Test func scriptFromStandardInput() async throws {
        let r = try await nkq.run(target, stdin: "let a = 1\nlet b = (1,\n  2)\n.params\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "$a = 1\n$b = (1,\n  2)\n")
    }

    @Test func syntaxErrorOnStandardInputNamesIt() async throws {
        let r = try await nkq.run(target, stdin: "let a = 1\nget contracts where\n")
        #expect(r.status == 2)
        #expect(r.stderr.contains("--> <stdin>:2:20"))
    }

    /// Stdin that is the script holds no rows: `get stdin` and `join stdin` are refused before
    /// anything runs, not read as no rows.
    @Test func readingStdinThatIsTheScriptIsRefused() async throws {
        for arguments in [target, target + ["-f", "-"]] {
            let r = try await nkq.run(arguments, stdin: ".params\nget stdin | count\n")
            #expect(r.status == 2, "\(r.stderr)")
            #expect(r.stdout.isEmpty, "\(r.stdout)")
            #expect(r.stderr.contains("error: stdin holds the script, not rows to read"), "\(r.stderr)")
            #expect(r.stderr.contains("--> <stdin>:2:5"), "\(r.stderr)")
        }
        let file = nkq.home.write("rows.ndjson", "{\"a\":1}\n")
        let joined = try await nkq.run(target, stdin: "get file '\(file)' | join stdin on a = a | count\n")
        #expect(joined.status == 2, "\(joined.stderr)")
        #expect(joined.stderr.contains("stdin holds the script"), "\(joined.stderr)")
        // From -c, stdin is the rows.
        let rows = try await nkq.run(target + ["--format", "json", "-c", "get stdin | count"], stdin: "{\"a\":1}\n")
        #expect(rows.stdout == "[{\"count\":1}]\n", "\(rows.stderr)")
    }

    @Test func shebangLineIsSkipped() async throws {
        let file = nkq.home.write("run.nkq", "#!/usr/bin/env -S nkq -f\nlet a = 'æøå'\n.params\n", mode: 0o755)
        let r = try await nkq.run(target + ["-f", file])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "$a = 'æøå'\n")
    }

    /// Foundation reports a failed spawn as a Cocoa error with the errno underneath.
    static func isTextFileBusy(_ error: NSError) -> Bool {
        let posix = error.domain == NSPOSIXErrorDomain ? error : error.userInfo[NSUnderlyingErrorKey] as? NSError
        return posix.map { $0.domain == NSPOSIXErrorDomain && $0.code == Int(ETXTBSY) } ?? false
    }

    @Test
    func executableScriptRunsThroughItsShebang() throws {
        let file = nkq.home.write("run.nkq", "#!/usr/bin/env -S nkq -f\nlet a = 1\n.params\n", mode: 0o755)
        let folder = URL(fileURLWithPath: NKQBinary.path).deletingLastPathComponent().path
        var process = Process()
        var out = Pipe()
        // A process another test starts in the moment the script is being written inherits its
        // descriptor until it execs, and exec of a file open for writing fails with "Text file
        // busy" (ETXTBSY); as Go's os/exec does, try again once that moment has passed.
        for attempt in 1...50 {
            process = Process()
            process.executableURL = URL(fileURLWithPath: file)
            process.environment = nkq.environment.merging(["PATH": folder + ":/usr/bin:/bin"]) { $1 }
            out = Pipe()
            process.standardOutput = out
            do {
                try process.run()
                break
            } catch let error as NSError where attempt < 50 && Self.isTextFileBusy(error) {
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(String(decoding: data, as: UTF8.self) == "$a = 1\n")
    }

    @Test func parametersFromTheCommandLine() async throws {
        let r = try await nkq.run(target + ["--param", "since=2024-01-01", "--param", "town=Ålesund sentrum", "--param", "$ids=(1,2)",
                                      "-c", ".params"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "$since = 2024-01-01\n$town = 'Ålesund sentrum'\n$ids = (1,2)\n")
    }

    @Test func aParameterListWithoutParenthesesSelectsSuppliers() async throws {
        let statement = "get contracts where supplier in $s | count"
        let bare = try await nkq.run(["--format", "json", "--param", "s=10012,10017", "-c", statement])
        let written = try await nkq.run(["--format", "json", "--param", "s=(10012, 10017)", "-c", statement])
        #expect(bare.status == 0, "\(bare.stderr)")
        #expect(bare.stdout == written.stdout && written.status == 0, "\(written.stderr)")
    }

    @Test func badParameterNameIsRefused() async throws {
        let r = try await nkq.run(target + ["--param", "9lives=1", "-c", ".params"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("'9lives' is not a parameter name"))
    }

    @Test func helpHasExamplesAndCompletionScriptsWork() async throws {
        let help = try await nkq.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("Examples:"))
        #expect(help.stdout.contains("--on-limit"))
        for shell in ["bash", "zsh", "fish"] {
            let script = try await nkq.run(["--generate-completion-script", shell])
            #expect(script.status == 0)
            #expect(script.stdout.contains("stats-file"), "\(shell)")
        }
    }

    /// The config file with one profile, `prod`, of a remote target; `secret` is its secret line
    /// (`client_secret = …` or `client_secret_command = …`).
    func writeProdProfile(secret: String, mode: Int) {
        nkq.home.write("config/nkq/config.toml", """
        [profile.prod]
        endpoint = "https://api.example.no/nobbkontrakt"
        token_url = "https://auth.example.no/api/v1/token"
        client_id = "me"
        \(secret)
        """, mode: mode)
    }

    @Test func configHoldingAReadableSecretIsRefused() async throws {
        writeProdProfile(secret: #"client_secret = "very-secret-literal""#, mode: 0o644)
        let r = try await nkq.run(["--profile", "prod", "-c", ".profile"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("chmod 600"))
        #expect(!r.stderr.contains("very-secret-literal"))
    }

    @Test func profileIsShownWithoutItsSecret() async throws {
        writeProdProfile(secret: #"client_secret_command = "echo very-secret-from-command""#, mode: 0o644)
        let r = try await nkq.run(["--profile", "prod", "-c", ".profile"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("profile 'prod': https://api.example.no/nobbkontrakt (client me)"))
        #expect(r.stdout.contains("https://auth.example.no/api/v1/token"))
        #expect(!(r.stdout + r.stderr).contains("very-secret-from-command"))
    }

    /// A profile whose secret command fails (it leaves a marker when it runs).
    private func profileWithAFailingSecretCommand() -> String {
        let marker = nkq.home.path + "/secret-command-ran"
        writeProdProfile(secret: #"client_secret_command = "touch \#(marker); echo not-the-secret; false""#, mode: 0o600)
        return marker
    }

    @Test func aStatementReadingOnlyAFileNeverRunsTheSecretCommand() async throws {
        let marker = profileWithAFailingSecretCommand()
        let file = nkq.home.write("x.json", "[{\"a\":1},{\"a\":2},{\"a\":3}]")
        let r = try await nkq.run(["--profile", "prod", "--format", "ndjson", "-c", "get file '\(file)' | count", "-c", ".profile"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("{\"count\":3}\n"), "\(r.stdout)")
        #expect(r.stdout.contains("from client_secret_command, run at the first API call"), "\(r.stdout)")
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test func aSecretCommandThatWouldHangDoesNotHoldUpAFileStatement() async throws {
        writeProdProfile(secret: #"client_secret_command = "exec sleep 600""#, mode: 0o600)
        let file = nkq.home.write("x.ndjson", "{\"a\":1}\n")
        // Had the command run, the statement would wait its 30 s and fail.
        let r = try await nkq.run(["--profile", "prod", "-c", "get file '\(file)' | count", "--format", "ndjson"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "{\"count\":1}\n")
    }

    @Test func aStatementThatCallsTheAPIRunsTheSecretCommandAndReportsItsFailure() async throws {
        let marker = profileWithAFailingSecretCommand()
        let r = try await nkq.run(["--profile", "prod", "-c", "get contracts | count", "--format", "json"])
        #expect(r.status == 4, "\(r.stderr)")
        #expect(r.stderr == """
        error: the client_secret_command of profile 'prod' failed (exit status 1)
        help: run it by hand to see why

        """)
        #expect(r.stdout.isEmpty)
        #expect(FileManager.default.fileExists(atPath: marker))
    }

    @Test func tomlErrorPointsIntoTheConfigFile() async throws {
        let file = nkq.home.write("config/nkq/config.toml", "[profile.prod]\nendpoint = https://x\n")
        let r = try await nkq.run(["--profile", "prod", "-c", ".profile"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--> \(file):2:12"))
    }

}
