import ArgumentParser
import Foundation
import NKQKit

@main
struct NKQCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nkq",
        abstract: "A query shell for the NOBB Kontrakt API.",
        discussion: """
        On a terminal nkq starts an interactive shell (type .help there). With -c or -f, or with a script on standard input, it runs the statements and exits. Without --endpoint or --profile it talks to an embedded simulator of the API, so it works offline.

        Examples:
          nkq                      # the REPL, on the embedded simulator
          nkq -c 'get contracts where supplier = 10012 | select contractId'
          nkq -f report.nkq --param since=2024-01-01 --format csv > out.csv
          echo 'get zones | count' | nkq --format json
          nkq --profile prod -c 'explain get prices where nobb = 1234567'
          NKQ_CLIENT_ID=… NKQ_CLIENT_SECRET=… nkq \\
            --endpoint https://api.byggtjeneste.no/nobbkontrakt \\
            --token-url https://auth.byggtjeneste.no/api/v1/token -f daily.nkq

        Profiles live in $XDG_CONFIG_HOME/nkq/config.toml (default ~/.config):
          [profile.prod]
          endpoint = "https://api.byggtjeneste.no/nobbkontrakt"
          token_url = "https://auth.byggtjeneste.no/api/v1/token"
          scope = "api://5d3672f7-5d67-4f95-9281-04e8b466c0de/.default"
          client_id = "my-client"
          client_secret_env = "NOBB_SECRET"  # or client_secret_command
        A file that holds a literal client_secret must be private (chmod 600).

        Exit status: 0 ok; 1 query or API error; 2 usage error, or a statement refused before any call; 3 partial result, or refused by --max-calls; 4 authentication or permission; 130 interrupted.

        Shell completion: nkq --generate-completion-script bash|zsh|fish
        """,
        version: NKQVersion.current,
        subcommands: [SimCommand.self]
    )

    @Option(name: [.customShort("c"), .customLong("command")], help: ArgumentHelp(
        "Run statements and exit (repeatable; run in order, before any -f).", valueName: "TEXT"))
    var commands: [String] = []

    @Option(name: [.customShort("f"), .customLong("file")], help: ArgumentHelp(
        "Run a script file and exit (repeatable; '-' reads standard input).", valueName: "FILE"),
            completion: .file(extensions: ["nkq"]))
    var files: [String] = []

    @Option(help: ArgumentHelp("Output format. Default: table on a terminal, else json.", valueName: "FORMAT"))
    var format: ShellSettings.Format?

    @Option(name: .customLong("param"), help: ArgumentHelp("Bind $NAME for the statements (repeatable).", valueName: "NAME=VALUE"))
    var parameters: [String] = []

    @Option(help: ArgumentHelp("API base URL of a real endpoint (with --token-url).", valueName: "URL"))
    var endpoint: String?

    @Option(name: .customLong("token-url"), help: ArgumentHelp("OAuth token endpoint of the real API.", valueName: "URL"))
    var tokenURL: String?

    @Option(help: ArgumentHelp("Use a profile from the config file.", valueName: "NAME"))
    var profile: String?

    @Option(name: .customLong("stats-file"), help: ArgumentHelp("Append one JSON line of statistics per statement.", valueName: "PATH"),
            completion: .file())
    var statsFile: String?

    @Option(name: .customLong("max-calls"), help: ArgumentHelp(
        "Refuse a statement whose plan may need more than N API calls (exit 3).", valueName: "N"))
    var maxCalls: Int?

    @Option(name: .customLong("on-limit"), help: ArgumentHelp("When the quota runs out: wait, fail, or partial.", valueName: "MODE"))
    var onLimit: ShellSettings.OnLimit = .wait

    @Option(name: .customLong("max-wait"), help: ArgumentHelp(
        "The longest wait for the API's rate limit (e.g. 90s, 15m, 1h; default 15m); a longer one ends the statement.",
        valueName: "DURATION"))
    var maxWait: String?

    @Option(help: ArgumentHelp("Most API calls in flight at once.", valueName: "N"))
    var concurrency: Int?

    @Flag(name: .customLong("no-cache"), help: "Do not reuse responses within the session.")
    var noCache = false

    @Flag(name: .customLong("continue-on-error"), help: "Scripts go on after a failing statement and exit with the worst status.")
    var continueOnError = false

    @Flag(help: "Draw tables with ASCII characters only.")
    var ascii = false

    @Flag(help: "JSON layout (default: pretty on a terminal, compact otherwise).")
    var jsonLayout: JSONLayout?

    enum JSONLayout: String, EnumerableFlag {
        case pretty, compact
    }

    func validate() throws {
        if let maxCalls, maxCalls < 0 { throw ValidationError("--max-calls must be 0 or more, not \(maxCalls)") }
        if let concurrency, !(1...64).contains(concurrency) {
            throw ValidationError("--concurrency must be between 1 and 64, not \(concurrency)")
        }
        if tokenURL != nil, endpoint == nil, profile == nil {
            throw ValidationError("--token-url needs --endpoint or --profile")
        }
        for parameter in parameters where !parameter.contains("=") || parameter.hasPrefix("=") {
            throw ValidationError("--param wants NAME=VALUE, not '\(parameter)'")
        }
        for file in files where file.isEmpty { throw ValidationError("-f needs a file name") }
        if let maxWait, Duration.parse(maxWait) == nil {
            throw ValidationError("--max-wait wants a duration such as 90s, 15m or 1h, not '\(maxWait)'")
        }
    }

    /// The flags as a plain value for NKQKit.
    func settings(stdinIsTerminal: Bool, stdoutIsTerminal: Bool) -> ShellSettings {
        var inputs = commands.map(ShellSettings.Input.command) + files.map(ShellSettings.Input.file)
        if inputs.isEmpty, !stdinIsTerminal { inputs = [.standardInput] }
        let target: ShellSettings.TargetChoice
        if let profile {
            target = .profile(name: profile, apiBase: endpoint, tokenURL: tokenURL)
        } else if let endpoint {
            target = .endpoint(apiBase: endpoint, tokenURL: tokenURL)
        } else {
            target = .embeddedSimulator
        }
        return ShellSettings(
            inputs: inputs, format: format,
            parameters: parameters.map { p in
                let eq = p.firstIndex(of: "=")!
                return .init(name: String(p[..<eq]), value: String(p[p.index(after: eq)...]))
            },
            target: target, statsFile: statsFile, maxCalls: maxCalls, onLimit: onLimit,
            maxWait: maxWait.flatMap(Duration.parse) ?? ExecutionOptions.defaultMaxWait, concurrency: concurrency,
            cacheEnabled: !noCache, continueOnError: continueOnError, ascii: ascii,
            pretty: jsonLayout.map { $0 == .pretty }, stdoutIsTerminal: stdoutIsTerminal, stdinIsTerminal: stdinIsTerminal)
    }

    func run() async throws {
        let settings = settings(stdinIsTerminal: isatty(STDIN_FILENO) == 1, stdoutIsTerminal: isatty(STDOUT_FILENO) == 1)
        let status = await ShellLauncher.run(settings: settings, environment: ProcessInfo.processInfo.environment,
                                             connect: Wiring.connect)
        throw ExitCode(status.rawValue)
    }

    /// ArgumentParser's own main, except that usage errors exit 2 as DESIGN.md says (not 64).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitStatus.refused.rawValue)
            }
            exit(withError: error)
        }
    }
}

extension ShellSettings.Format: ExpressibleByArgument {}
extension ShellSettings.OnLimit: ExpressibleByArgument {}
