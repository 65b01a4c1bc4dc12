import Foundation
import Synchronization

extension Target {
    /// `--endpoint`, `--token-url` and `--profile` as given; none of them means the embedded
    /// simulator.
    public struct Flags: Sendable, Hashable {
        public var endpoint: String?
        public var tokenURL: String?
        public var profile: String?

        public init(endpoint: String? = nil, tokenURL: String? = nil, profile: String? = nil) {
            self.endpoint = endpoint
            self.tokenURL = tokenURL
            self.profile = profile
        }

        /// No flag names a target.
        public var nameNoTarget: Bool { endpoint == nil && profile == nil }
    }

    /// How to reach the remote target the flags name, with credentials from the environment, a
    /// profile, or a profile's secret command; the command runs only when the first statement
    /// that calls the API needs the secret, so that statements reading only files never run it.
    /// Call only when `flags` name a target (the embedded simulator is started by the
    /// executable instead). `configPath` defaults to `XDG_CONFIG_HOME`'s.
    public static func connection(for flags: Flags, environment: [String: String], configPath: String? = nil) throws(ShellError)
        -> StatementRunner.Connection
    {
        try Resolution(environment: environment, configPath: configPath ?? ConfigFile.defaultPath(environment: environment))
            .resolve(flags)
    }
}

/// The steps of `Target.connection(for:)`.
private struct Resolution {
    let environment: [String: String]
    let configPath: String

    func resolve(_ flags: Target.Flags) throws(ShellError) -> StatementRunner.Connection {
        if let name = flags.profile {
            guard let config = try ConfigFile.load(path: configPath) else {
                throw ShellError("no profile '\(name)': \(configPath) does not exist",
                                 help: "create it with a [profile.\(name)] table (see 'nkq --help')")
            }
            guard let profile = config.profile(named: name) else {
                let names = config.profiles.map(\.name)
                throw ShellError("no profile '\(name)' in \(configPath)",
                                 help: Suggestion.help(for: name, in: names)
                                    ?? (names.isEmpty ? "the file defines no profiles" : "profiles: " + names.joined(separator: ", ")))
            }
            return try connection(to: profile, apiBase: flags.endpoint, tokenURL: flags.tokenURL)
        }
        guard let apiBase = flags.endpoint else {
            throw ShellError("no target: give --endpoint or --profile")
        }
        guard let tokenURL = flags.tokenURL else {
            throw ShellError("--endpoint needs --token-url (the OAuth token endpoint)",
                             help: "e.g. --token-url https://auth.byggtjeneste.no/api/v1/token, or use a profile (--profile NAME)")
        }
        guard let id = environment["NKQ_CLIENT_ID"], !id.isEmpty else {
            throw ShellError("--endpoint needs a client id in NKQ_CLIENT_ID", help: "set NKQ_CLIENT_ID and NKQ_CLIENT_SECRET, or use a profile (--profile NAME)",
                             status: .unauthorized)
        }
        guard let secret = environment["NKQ_CLIENT_SECRET"], !secret.isEmpty else {
            throw ShellError("--endpoint needs a client secret in NKQ_CLIENT_SECRET", help: "set NKQ_CLIENT_SECRET, or use a profile (--profile NAME)",
                             status: .unauthorized)
        }
        return .target(try checked(Target(kind: .endpoint, apiBaseURL: apiBase, tokenURL: tokenURL,
                                          credentials: Credentials(clientID: id, clientSecret: secret, scope: environment["NKQ_SCOPE"]))))
    }

    func connection(to profile: Profile, apiBase: String?, tokenURL: String?) throws(ShellError) -> StatementRunner.Connection {
        let place = "[profile.\(profile.name)] in \(configPath)"
        guard let endpoint = apiBase ?? profile.endpoint else {
            throw ShellError("\(place) has no endpoint", help: "add endpoint = \"https://…\" or pass --endpoint")
        }
        guard let token = tokenURL ?? profile.tokenURL else {
            throw ShellError("\(place) has no token_url", help: "add token_url = \"https://…/api/v1/token\" or pass --token-url")
        }
        guard let clientID = profile.clientID ?? environment["NKQ_CLIENT_ID"] else {
            throw ShellError("\(place) has no client_id", help: "add client_id = \"…\" or set NKQ_CLIENT_ID", status: .unauthorized)
        }
        func target(_ secret: Secret) -> Target {
            Target(kind: .profile(profile.name), apiBaseURL: endpoint, tokenURL: token,
                   credentials: Credentials(clientID: clientID, clientSecret: secret, scope: profile.scope))
        }
        let secret: Secret
        switch profile.secret {
        case .literal(let s):
            secret = s
        case .environment(let variable):
            guard let value = environment[variable], !value.isEmpty else {
                throw ShellError("the client secret of profile '\(profile.name)' is read from $\(variable), which is not set",
                                 help: "export \(variable)=…", status: .unauthorized)
            }
            secret = Secret(value)
        case .command(let command):
            let name = profile.name
            return .targetWithSecretOnFirstCall(try checked(target(Secret(""))), fetchSecret: {
                try await Target.runSecretCommand(command, profile: name)
            })
        case nil:
            guard let value = environment["NKQ_CLIENT_SECRET"], !value.isEmpty else {
                throw ShellError("\(place) gives no client secret",
                                 help: "add client_secret_env = \"VAR\" or client_secret_command = \"…\", or set NKQ_CLIENT_SECRET",
                                 status: .unauthorized)
            }
            secret = Secret(value)
        }
        return .target(try checked(target(secret)))
    }

    /// URLs must be absolute http(s); credentials never go over plain http except to loopback.
    func checked(_ target: Target) throws(ShellError) -> Target {
        for (label, text) in [("endpoint", target.apiBaseURL), ("token url", target.tokenURL)] {
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
                  let host = url.host, !host.isEmpty else {
                throw ShellError("the \(label) '\(text)' is not an http(s) URL", help: "write it as https://host/path")
            }
            if let refusal = CredentialDestination.refusal(url) {
                throw ShellError(refusal, help: "use https (plain http is allowed only to localhost)")
            }
        }
        return target
    }
}

extension Target {
    /// How long `client_secret_command` may take (a password manager waiting for a touch or a
    /// passphrase gets this long).
    static let secretCommandTimeout = 30

    /// Runs `client_secret_command` through `/bin/sh -c`; its standard output, trimmed, is the
    /// secret. Its standard error goes to the terminal (a password manager may ask there); its
    /// output is never shown, even when it fails. A command still running after `timeout`
    /// seconds, or when the statement that needs it is cancelled (Ctrl-C), is stopped.
    static func runSecretCommand(_ command: String, profile: String, timeout: Int = secretCommandTimeout) async throws(ShellError)
        -> Secret
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw ShellError("cannot run the client_secret_command of profile '\(profile)'", status: .unauthorized)
        }
        // Its output is read on a thread of its own, so that a command that hangs holds neither
        // this task nor a thread of the cooperative pool past the timeout.
        let ending = SecretCommandEnding()
        let reader = pipe.fileHandleForReading
        let ended = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                ending.wait(with: continuation)
                DispatchQueue.global().async { ending.finish(.printed((try? reader.readToEnd()) ?? Data())) }
                DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(timeout)) { ending.finish(.timedOut) }
            }
        } onCancel: {
            ending.finish(.cancelled)
        }
        let data: Data
        switch ended {
        case .printed(let printed):
            data = printed
        case .timedOut:
            process.terminate()
            throw ShellError("the client_secret_command of profile '\(profile)' did not finish within \(timeout) s",
                             help: "run it by hand to see why", status: .unauthorized)
        case .cancelled:
            process.terminate()
            throw ShellError("the client_secret_command of profile '\(profile)' was stopped (interrupted)", status: .interrupted)
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ShellError("the client_secret_command of profile '\(profile)' failed (exit status \(process.terminationStatus))",
                             help: "run it by hand to see why", status: .unauthorized)
        }
        let value = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else {
            throw ShellError("the client_secret_command of profile '\(profile)' printed nothing", status: .unauthorized)
        }
        return Secret(value)
    }
}

/// How a `client_secret_command` ended: whichever of its output, its timeout and a cancel
/// comes first resumes the waiting task, once.
private final class SecretCommandEnding: Sendable {
    enum Ending: Sendable {
        case printed(Data)
        case timedOut
        case cancelled
    }

    private struct State {
        var waiter: CheckedContinuation<Ending, Never>?
        /// The first ending; it may come before the waiter does (a cancel before the wait began).
        var ended: Ending?
    }

    private let state = Mutex(State())

    func wait(with continuation: CheckedContinuation<Ending, Never>) {
        let ended: Ending? = state.withLock { state in
            if let ended = state.ended { return ended }
            state.waiter = continuation
            return nil
        }
        if let ended { continuation.resume(returning: ended) }
    }

    func finish(_ ending: Ending) {
        let waiter: CheckedContinuation<Ending, Never>? = state.withLock { state in
            guard state.ended == nil else { return nil }
            state.ended = ending
            return state.waiter.take()
        }
        waiter?.resume(returning: ending)
    }
}
