import CEditLine
import Foundation

/// What the executable calls after parsing its flags: resolve the target, let the caller
/// connect an engine to it, then run the REPL or the scripts, and return the exit status.
public enum ShellLauncher {
    /// Starts whatever the target needs (the embedded simulator) and builds the engine for it.
    /// This is the wiring point between the shell and the statement pipeline.
    public typealias Connect = @MainActor (TargetResolver.Resolution, ShellSettings) async throws -> (SessionTarget, any StatementEngine)

    @MainActor
    public static func run(settings: ShellSettings, environment: [String: String], connect: Connect) async -> ExitStatus {
        let colorErrors = isatty(STDERR_FILENO) == 1 && environment["NO_COLOR"] == nil
        let renderer = DiagnosticRenderer(color: colorErrors)
        let resolution: TargetResolver.Resolution
        do {
            resolution = try TargetResolver(environment: environment).resolve(settings.target)
        } catch {
            StandardError.write(error.rendered(color: colorErrors))
            return error.status
        }
        let target: SessionTarget
        let engine: any StatementEngine
        do {
            (target, engine) = try await connect(resolution, settings)
        } catch let error as ShellError {
            StandardError.write(error.rendered(color: colorErrors))
            return error.status
        } catch {
            StandardError.write(renderer.render(.error(.runtime, "cannot start: \(error)", at: nil), in: nil))
            return .failed
        }

        // Ctrl-C sets a flag that the running statement's watcher (or the prompt) turns into a cancel.
        ce_install_sigint()
        let session = ShellSession(settings: settings, engine: engine, target: target, colorDiagnostics: colorErrors)
        guard session.bindParameters() else { return session.finish(.refused) }

        if settings.isInteractive {
            _ = ce_setup_utf8_locale()
            let history = XDGDirectories(environment: environment).historyFile
            return session.finish(await REPL(session: session, historyPath: history).run())
        }
        return session.finish(await runScripts(settings: settings, session: session, colorErrors: colorErrors))
    }

    /// `-c` texts, `-f` files and stdin, in order; the worst status.
    @MainActor
    private static func runScripts(settings: ShellSettings, session: ShellSession, colorErrors: Bool) async -> ExitStatus {
        let target = session.target
        if isatty(STDERR_FILENO) == 1 { StandardError.write("nkq: target: \(target.summary)\n") }
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
