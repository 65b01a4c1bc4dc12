import Foundation
import NKQTestSupport
import Testing
@testable import NKQKit

/// Profiles in config.toml, their permission check, and where secrets come from.
@Suite struct ConfigAndTargetTests {
    /// A private folder per test, standing in for `$XDG_CONFIG_HOME`; removed by `remove()`, in
    /// a `defer`.
    private struct Folder {
        private let folder = TemporaryFolder("config")
        var path: String { folder.path }

        init() {
            try? FileManager.default.createDirectory(atPath: path + "/nkq", withIntermediateDirectories: true)
        }

        func remove() { folder.remove() }

        var environment: [String: String] { ["HOME": "/nonexistent", "XDG_CONFIG_HOME": path] }

        func write(_ text: String, mode: Int = 0o600) {
            folder.write("nkq/config.toml", text, mode: mode)
        }
    }

    /// A target whose secret is known at once (not from a command).
    private func resolve(_ choice: Target.Flags, _ environment: [String: String]) throws(ShellError) -> Target {
        let connection = try Target.connection(for: choice, environment: environment)
        guard case .target(let target) = connection else {
            throw ShellError("expected a target with its secret, got \(connection)")
        }
        return target
    }

    /// A target whose secret a command gives, and the command's fetch.
    private func resolveWithCommand(_ choice: Target.Flags, _ environment: [String: String]) throws
        -> (Target, @Sendable () async throws -> Secret)
    {
        let connection = try Target.connection(for: choice, environment: environment)
        guard case .targetWithSecretOnFirstCall(let target, let fetchSecret) = connection else {
            throw ShellError("expected a target whose secret comes later, got \(connection)")
        }
        return (target, fetchSecret)
    }

    private func failure(_ choice: Target.Flags, _ environment: [String: String]) -> ShellError? {
        do {
            _ = try resolve(choice, environment)
            return nil
        } catch {
            return error
        }
    }

    private let prodProfile = """
    [profile.prod]
    endpoint = "https://api.example.no/nobbkontrakt"
    token_url = "https://auth.example.no/api/v1/token"
    scope = "api://x/.default"
    client_id = "my-client"

    """

    @Test func noFlagNamesTheEmbeddedSimulator() {
        #expect(Target.Flags().nameNoTarget)
        #expect(!Target.Flags(profile: "prod").nameNoTarget)
        #expect(!Target.Flags(endpoint: "https://a.no/x").nameNoTarget)
    }

    @Test func xdgDefaults() {
        #expect(XDGDirectories(environment: ["HOME": "/h"]).config == "/h/.config")
        #expect(XDGDirectories(environment: ["HOME": "/h"]).historyFile == "/h/.local/state/nkq/history")
        #expect(XDGDirectories(environment: ["HOME": "/h", "XDG_STATE_HOME": "/s"]).historyFile == "/s/nkq/history")
        // Relative XDG paths are ignored, as the spec says.
        #expect(XDGDirectories(environment: ["HOME": "/h", "XDG_CONFIG_HOME": "rel"]).config == "/h/.config")
    }

    @Test func secretFromAnEnvironmentVariable() throws {
        let folder = Folder()
        defer { folder.remove() }
        folder.write(prodProfile + "client_secret_env = \"NOBB_SECRET\"\n", mode: 0o644)
        var env = folder.environment
        env["NOBB_SECRET"] = "s3cret-from-env"
        let target = try resolve(Target.Flags(profile: "prod"), env)
        #expect(target.kind == .profile("prod"))
        #expect(target.apiBaseURL == "https://api.example.no/nobbkontrakt")
        #expect(target.tokenURL == "https://auth.example.no/api/v1/token")
        #expect(target.credentials.scope == "api://x/.default")
        #expect(target.credentials.clientID == "my-client")
        #expect(target.credentials.clientSecret.reveal() == "s3cret-from-env")
        #expect(target.promptName == "prod")
        // The secret never shows, however the target is printed.
        let shown = [target.summary, "\(target)", String(reflecting: target), "\(target.details)", "\(target.credentials.clientSecret)"]
        for text in shown { #expect(!text.contains("s3cret-from-env"), "\(text)") }
    }

    @Test func missingSecretVariableIsAnAuthenticationError() throws {
        let folder = Folder()
        defer { folder.remove() }
        folder.write(prodProfile + "client_secret_env = \"NOBB_SECRET\"\n")
        let error = try #require(failure(Target.Flags(profile: "prod"), folder.environment))
        #expect(error.status == .unauthorized)
        #expect(error.rendered().contains("$NOBB_SECRET, which is not set"))
    }

    @Test func secretFromACommandIsFetchedOnlyWhenAsked() async throws {
        let folder = Folder()
        defer { folder.remove() }
        let marker = folder.path + "/ran"
        folder.write(prodProfile + "client_secret_command = \"touch \(marker); printf 'cmd-s3cret\\\\n'\"\n")
        let (target, fetchSecret) = try resolveWithCommand(Target.Flags(profile: "prod"), folder.environment)
        #expect(target.kind == .profile("prod"))
        #expect(target.credentials.clientID == "my-client")
        #expect(!FileManager.default.fileExists(atPath: marker))
        #expect(try await fetchSecret().reveal() == "cmd-s3cret")
        #expect(FileManager.default.fileExists(atPath: marker))
    }

    @Test func failingSecretCommandSaysSoWithoutItsOutput() async throws {
        let folder = Folder()
        defer { folder.remove() }
        folder.write(prodProfile + "client_secret_command = \"echo leaked-text; exit 3\"\n")
        let (_, fetchSecret) = try resolveWithCommand(Target.Flags(profile: "prod"), folder.environment)
        do {
            _ = try await fetchSecret()
            Issue.record("expected the command to fail")
        } catch let error as ShellError {
            #expect(error.status == .unauthorized)
            #expect(error.rendered().contains("failed (exit status 3)"))
            #expect(!error.rendered().contains("leaked-text"))
        }
    }

    @Test func literalSecretInAFileOthersCanReadIsRefused() throws {
        let folder = Folder()
        defer { folder.remove() }
        folder.write(prodProfile + "client_secret = \"literal-s3cret\"\n", mode: 0o644)
        let error = try #require(failure(Target.Flags(profile: "prod"), folder.environment))
        let text = error.rendered()
        #expect(text.contains("readable by others (mode 644)"))
        #expect(text.contains("chmod 600"))
        #expect(text.contains("client_secret_env"))
        #expect(!text.contains("literal-s3cret"))
    }

    @Test(.timeLimit(.minutes(1))) func aSecretCommandThatHangsIsStoppedAfterItsTimeout() async throws {
        do {
            _ = try await Target.runSecretCommand("exec sleep 60", profile: "prod", timeout: 1)
            Issue.record("expected the command to be stopped")
        } catch {
            #expect(error.status == .unauthorized)
            #expect(error.rendered().contains("the client_secret_command of profile 'prod' did not finish within 1 s"))
        }
    }

    @Test(.timeLimit(.minutes(1))) func aSecretCommandIsStoppedWhenItsStatementIsCancelled() async throws {
        let folder = Folder()
        defer { folder.remove() }
        let started = folder.path + "/started"
        let task = Task {
            try await Target.runSecretCommand("touch \(started); exec sleep 60", profile: "prod", timeout: 50)
        }
        // Cancel once the command runs (a cancel before it starts is the same answer, sooner).
        while !FileManager.default.fileExists(atPath: started) { try await Task.sleep(for: .milliseconds(20)) }
        task.cancel()
        do {
            _ = try await task.value
            Issue.record("expected the command to be stopped")
        } catch let error as ShellError {
            #expect(error.status == .interrupted)
            #expect(error.rendered().contains("was stopped"))
        }
    }

    @Test func throughASymbolicLinkTheFilesOwnModeCounts() throws {
        let folder = Folder()
        defer { folder.remove() }
        let real = folder.path + "/real.toml"
        let link = folder.path + "/nkq/config.toml"
        _ = FileManager.default.createFile(atPath: real, contents: Data((prodProfile + "client_secret = \"literal-s3cret\"\n").utf8))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
        chmod(real, 0o600)
        let target = try resolve(Target.Flags(profile: "prod"), folder.environment)
        #expect(target.credentials.clientSecret.reveal() == "literal-s3cret")
        chmod(real, 0o640)
        let error = try #require(failure(Target.Flags(profile: "prod"), folder.environment))
        #expect(error.rendered().contains("readable by others (mode 640)"))
    }

    @Test func literalSecretInAPrivateFileIsUsed() throws {
        let folder = Folder()
        defer { folder.remove() }
        folder.write(prodProfile + "client_secret = \"literal-s3cret\"\n", mode: 0o600)
        let target = try resolve(Target.Flags(profile: "prod"), folder.environment)
        #expect(target.credentials.clientSecret.reveal() == "literal-s3cret")
    }

    @Test func flagsOverrideTheProfilesURLs() throws {
        let folder = Folder()
        defer { folder.remove() }
        folder.write(prodProfile + "client_secret_env = \"S\"\n")
        var env = folder.environment
        env["S"] = "x"
        let target = try resolve(Target.Flags(endpoint: "https://other.example.no/api", profile: "prod"), env)
        #expect(target.apiBaseURL == "https://other.example.no/api")
        #expect(target.tokenURL == "https://auth.example.no/api/v1/token")
    }

    @Test func unknownProfileSuggestsTheNearestOne() throws {
        let folder = Folder()
        defer { folder.remove() }
        folder.write(prodProfile)
        let error = try #require(failure(Target.Flags(profile: "prd"), folder.environment))
        #expect(error.rendered().contains("no profile 'prd'"))
        #expect(error.rendered().contains("did you mean 'prod'?"))
    }

    @Test func unknownKeyIsAnErrorWithItsLine() throws {
        let folder = Folder()
        defer { folder.remove() }
        folder.write("[profile.prod]\nendpont = \"https://x\"\n")
        let error = try #require(failure(Target.Flags(profile: "prod"), folder.environment))
        let text = error.rendered()
        #expect(text.contains("unknown key 'endpont' in [profile.prod]"))
        #expect(text.contains("config.toml:2:1"))
        #expect(text.contains("did you mean 'endpoint'?"))
    }

    @Test func twoSecretSourcesAreRefused() throws {
        let folder = Folder()
        defer { folder.remove() }
        folder.write(prodProfile + "client_secret_env = \"A\"\nclient_secret_command = \"b\"\n")
        let error = try #require(failure(Target.Flags(profile: "prod"), folder.environment))
        #expect(error.rendered().contains("both 'client_secret_env' and 'client_secret_command'"))
    }

    @Test func nonStringValueIsRefused() throws {
        let folder = Folder()
        defer { folder.remove() }
        folder.write("[profile.prod]\nclient_id = 42\n")
        let error = try #require(failure(Target.Flags(profile: "prod"), folder.environment))
        #expect(error.rendered().contains("'client_id' must be a string, not an integer"))
    }

    @Test func unknownTableIsRefused() throws {
        let folder = Folder()
        defer { folder.remove() }
        folder.write("[profiles.prod]\n")
        let error = try #require(failure(Target.Flags(profile: "prod"), folder.environment))
        #expect(error.rendered().contains("unknown table [profiles.prod]"))
    }

    @Test func missingConfigFileIsExplained() throws {
        let folder = Folder()
        defer { folder.remove() }
        let error = try #require(failure(Target.Flags(profile: "prod"), folder.environment))
        #expect(error.rendered().contains("does not exist"))
        #expect(error.status == .refused)
    }

    @Test func endpointTakesCredentialsFromTheEnvironment() throws {
        let env = ["NKQ_CLIENT_ID": "id", "NKQ_CLIENT_SECRET": "env-s3cret"]
        let target = try resolve(Target.Flags(endpoint: "https://api.example.no/x", tokenURL: "https://auth.example.no/t"), env)
        #expect(target.kind == .endpoint)
        #expect(target.credentials.clientID == "id")
        #expect(target.credentials.clientSecret.reveal() == "env-s3cret")
        #expect(target.promptName == "api.example.no")
        #expect(target.summary == "endpoint https://api.example.no/x (client id)")
    }

    @Test func endpointNeedsTokenURLAndCredentials() throws {
        let noToken = try #require(failure(Target.Flags(endpoint: "https://a.no/x"), ["NKQ_CLIENT_ID": "i", "NKQ_CLIENT_SECRET": "s"]))
        #expect(noToken.rendered().contains("--endpoint needs --token-url"))
        #expect(noToken.status == .refused)
        let noSecret = try #require(failure(Target.Flags(endpoint: "https://a.no/x", tokenURL: "https://a.no/t"), ["NKQ_CLIENT_ID": "i"]))
        #expect(noSecret.rendered().contains("NKQ_CLIENT_SECRET"))
        #expect(noSecret.status == .unauthorized)
    }

    @Test func plainHTTPOnlyToLoopback() throws {
        let env = ["NKQ_CLIENT_ID": "i", "NKQ_CLIENT_SECRET": "s"]
        let remote = try #require(failure(Target.Flags(endpoint: "http://api.example.no/x", tokenURL: "https://a.no/t"), env))
        #expect(remote.rendered().contains("refusing to send credentials over plain http to api.example.no"))
        _ = try resolve(Target.Flags(endpoint: "http://127.0.0.1:8080/x", tokenURL: "http://localhost:8080/t"), env)
        let garbage = try #require(failure(Target.Flags(endpoint: "not a url", tokenURL: "https://a.no/t"), env))
        #expect(garbage.rendered().contains("is not an http(s) URL"))
    }
}
