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
        subcommands: [SimCommand.self, CacheCommand.self]
    )

    @OptionGroup var running: RunOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var target: TargetOptions

    /// The flags as one plain value for NKQKit: each group fills its part.
    func settings(stdinIsTerminal: Bool, stdoutIsTerminal: Bool) -> ShellSettings {
        var settings = ShellSettings(stdoutIsTerminal: stdoutIsTerminal, stdinIsTerminal: stdinIsTerminal)
        running.fill(&settings)
        output.fill(&settings)
        target.fill(&settings)
        return settings
    }

    func run() async throws {
        let settings = settings(stdinIsTerminal: isatty(STDIN_FILENO) == 1, stdoutIsTerminal: isatty(STDOUT_FILENO) == 1)
        let status = await ShellLauncher.run(settings: settings, environment: ProcessInfo.processInfo.environment,
                                             startSimulator: EmbeddedSimulator.start)
        throw ExitCode(status.rawValue)
    }

    /// ArgumentParser's own main, except that usage errors exit 2, as for every refusal (not 64).
    static func main() async {
        FileOutput.prepareStandardStreams()
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
                FileOutput.standardError.write(fullMessage(for: error) + "\n")
                Foundation.exit(ExitStatus.refused.rawValue)
            }
            exit(withError: error)
        }
    }
}

