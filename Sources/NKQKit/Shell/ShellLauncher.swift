import CEditLine
import Foundation

/// What the executable calls after parsing its flags: find the target, then run the REPL or
/// the scripts, and return the exit status.
public enum ShellLauncher {
    /// Starts the embedded simulator and says where it listens: the one part of a session only
    /// the executable supplies.
    public typealias StartSimulator = @Sendable () async throws -> (apiBaseURL: String, tokenURL: String)

    @MainActor
    public static func run(settings: ShellSettings, environment: [String: String],
                           startSimulator: @escaping StartSimulator) async -> ExitStatus {
        // Diagnostics follow the same colour policy as rows, for standard error.
        let colorErrors = TerminalCapabilities.detect(fileDescriptor: STDERR_FILENO, environment: environment).color
        let renderer = DiagnosticRenderer(color: colorErrors)
        var settings = settings
        let connection: StatementRunner.Connection
        do {
            if settings.target.nameNoTarget {
                let start: @Sendable () async throws -> Target = {
                    let (apiBaseURL, tokenURL) = try await startSimulator()
                    return .embeddedSimulator(apiBaseURL: apiBaseURL, tokenURL: tokenURL)
                }
                // The REPL starts it now, so that its banner can say where; a script at its first
                // statement that calls the API, if any.
                connection = settings.isInteractive ? .target(try await start()) : .embeddedSimulatorOnFirstCall(start: start)
            } else {
                connection = try Target.connection(for: settings.target, environment: environment)
                settings.apiVersions = try ConfigFile.versions(profile: settings.target.profile, overriddenBy: settings.apiVersions,
                                                               environment: environment)
            }
        } catch let error as ShellError {
            StandardError.write(error.rendered(color: colorErrors))
            return error.status
        } catch {
            StandardError.write(renderer.render(.error(.runtime, "cannot start: \(error)", at: nil), in: nil))
            return .failed
        }

        // Ctrl-C sets a flag that the running statement's watcher (or the prompt) turns into a cancel.
        ce_install_sigint()
        // Answers outlive the process in $XDG_CACHE_HOME/nkq, so a rerun fetches only what it lacks.
        let cache = ResponseCache(ttl: settings.cacheTTL,
                                  folder: CacheFolder(path: XDGDirectories(environment: environment).responseCache))
        let session = ShellSession(settings: settings, runner: StatementRunner(connection, cache: cache), colorDiagnostics: colorErrors)
        guard session.bindParameters() else { return session.finish(.refused) }

        if settings.isInteractive {
            _ = ce_setup_utf8_locale()
            let history = XDGDirectories(environment: environment).historyFile
            let historySize = environment["NKQ_HISTSIZE"].flatMap { Int($0) }.map { max(1, $0) } ?? 2000
            return session.finish(await REPL(session: session, historyPath: history, historySize: historySize).run())
        }
        return session.finish(await runScripts(settings: settings, session: session, colorErrors: colorErrors))
    }

    /// `-c` texts, `-f` files and stdin, in order; the worst status.
    @MainActor
    private static func runScripts(settings: ShellSettings, session: ShellSession, colorErrors: Bool) async -> ExitStatus {
        if isatty(STDERR_FILENO) == 1 { StandardError.write("nkq: target: \(session.runner.targetSummary)\n") }
        // `get stdin` rows take a schema from their fields, as a file's do: stdin (data, not a
        // terminal, not the script) may be read ahead for its first row. Stdin that is the
        // script holds no rows: `get stdin` is refused.
        if settings.inputs.contains(where: \.readsStandardInput) {
            StandardInputPeek.holdTheScript()
        } else if !settings.stdinIsTerminal {
            StandardInputPeek.enable()
        }
        var worst = ExitStatus.ok
        for input in settings.inputs {
            let source: SourceText
            switch input {
            case .command(let text):
                source = SourceText(text, name: settings.inputs.filter { if case .command = $0 { true } else { false } }.count > 1 ? "-c" : nil)
            case .file(let path):
                do { source = try ShellSession.load(path) } catch {
                    StandardError.write(error.rendered(color: colorErrors))
                    worst = worst.worst(error.status)
                    if settings.continueOnError { continue } else { return worst }
                }
            case .standardInput:
                source = SourceText(String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self), name: "<stdin>")
            }
            let result = await session.run(source, mode: .script)
            worst = worst.worst(result.status)
            if result.quit || result.status == .interrupted { break }
            if result.status != .ok, ShellSession.stopsScript(StatementOutcome(status: result.status), continueOnError: settings.continueOnError) {
                break
            }
        }
        return worst
    }
}
