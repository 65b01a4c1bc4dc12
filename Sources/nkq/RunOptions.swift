import ArgumentParser
import NKQKit

/// What to run and how: scripts, parameters, the call budget, the quota policy, the cache.
struct RunOptions: ParsableArguments {
    @Option(name: [.customShort("c"), .customLong("command")], help: ArgumentHelp(
        "Run statements and exit (repeatable; run in order, before any -f).", valueName: "TEXT"))
    var commands: [String] = []

    @Option(name: [.customShort("f"), .customLong("file")], help: ArgumentHelp(
        "Run a script file and exit (repeatable; '-' reads standard input).", valueName: "FILE"),
            completion: .file(extensions: ["nkq"]))
    var files: [String] = []

    @Option(name: .customLong("param"), help: ArgumentHelp("Bind $NAME for the statements (repeatable).", valueName: "NAME=VALUE"))
    var parameters: [String] = []

    @Option(name: .customLong("max-calls"), help: ArgumentHelp(
        "Refuse a statement whose plan may need (or, paged, is estimated to need) more than N API calls, and stop one at N calls with its rows so far, partial (exit 3).",
        valueName: "N"))
    var maxCalls: Int?

    @Option(name: .customLong("on-limit"), help: ArgumentHelp("When the quota runs out: wait, fail, or partial.", valueName: "MODE"))
    var onLimit: QuotaGate.LimitPolicy = .wait

    @Option(name: .customLong("max-wait"), help: ArgumentHelp(
        "The longest wait for the API's rate limit (e.g. 90s, 15m, 1h; default 15m); a longer one ends the statement.",
        valueName: "DURATION"))
    var maxWait: String?

    @Option(help: ArgumentHelp("Most API calls in flight at once.", valueName: "N"))
    var concurrency: Int?

    @Flag(name: .customLong("no-cache"), help: "Neither reuse nor keep API responses.")
    var noCache = false

    @Option(name: .customLong("cache-ttl"), help: ArgumentHelp(
        "How long a cached response is reused: 90s, 30m, 2h (default 5m).", valueName: "DURATION"))
    var cacheTTL: String?

    @Flag(name: .customLong("continue-on-error"), help: "Scripts go on after a failing statement and exit with the worst status.")
    var continueOnError = false

    func validate() throws {
        if let maxCalls, maxCalls < 0 { throw ValidationError("--max-calls must be 0 or more, not \(maxCalls)") }
        if let concurrency, !(1...64).contains(concurrency) {
            throw ValidationError("--concurrency must be between 1 and 64, not \(concurrency)")
        }
        for parameter in parameters where !parameter.contains("=") || parameter.hasPrefix("=") {
            throw ValidationError("--param wants NAME=VALUE, not '\(parameter)'")
        }
        for file in files where file.isEmpty { throw ValidationError("-f needs a file name") }
        if let maxWait, Duration(text: maxWait) == nil {
            throw ValidationError("--max-wait wants a duration such as 90s, 15m or 1h, not '\(maxWait)'")
        }
        if let cacheTTL, Duration(text: cacheTTL) == nil {
            throw ValidationError("--cache-ttl wants a duration such as 90s, 30m or 2h, not '\(cacheTTL)'")
        }
    }

    func fill(_ settings: inout ShellSettings) {
        settings.inputs = commands.map(ShellSettings.Input.command) + files.map(ShellSettings.Input.file)
        if settings.inputs.isEmpty, !settings.stdinIsTerminal { settings.inputs = [.standardInput] }
        // NAME=VALUE, split at the first `=` (`validate` made sure there is one).
        settings.parameters = parameters.map { parameter in
            let name = parameter.prefix { $0 != "=" }
            return ShellSettings.Parameter(name: String(name), value: String(parameter.dropFirst(name.count + 1)))
        }
        settings.maxCalls = maxCalls
        settings.onLimit = onLimit
        settings.maxWait = maxWait.flatMap { Duration(text: $0) } ?? ExecutionOptions.defaultMaxWait
        settings.concurrency = concurrency
        settings.cacheEnabled = !noCache
        if let ttl = cacheTTL.flatMap({ Duration(text: $0) }) { settings.cacheTTL = ttl }
        settings.continueOnError = continueOnError
    }
}

extension QuotaGate.LimitPolicy: ExpressibleByArgument {}
