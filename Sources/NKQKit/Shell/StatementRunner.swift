import Foundation
import Synchronization

/// Runs the statements of one session: `let` binds, queries go analyze → plan → execute →
/// local stages → render. Holds what the statements share: the `$NAME` bindings, the API
/// session (connected by the first statement that calls the API, so that one token, one
/// quota window and one cache serve them all), the quota as last seen, the pages each request
/// took and the suppliers seen in rows.
public final class StatementRunner: Sendable {
    /// How the runner reaches its target.
    public enum Connection: Sendable {
        case target(Target)
        /// The embedded simulator of a script: started by the first statement that calls the
        /// API, so that scripts reading only files or stdin never pay for it.
        case embeddedSimulatorOnFirstCall(start: @Sendable () async throws -> Target)
        /// A remote target whose client secret a command gives (a profile's
        /// `client_secret_command`): `fetchSecret` runs at the first statement that calls the
        /// API, so that statements reading only files never run it, wait for it or fail on it.
        /// Until then `target` holds no secret.
        case targetWithSecretOnFirstCall(Target, fetchSecret: @Sendable () async throws -> Secret)
    }

    struct Binding {
        var name: String
        var value: Expr
        /// As the language writes it, for `.params`.
        var text: String
    }

    struct State {
        /// In binding order (a rebinding keeps its place).
        var bindings: [Binding] = []
        var session: APISession?
        /// The first API statement's connect, while it waits for it.
        var connecting: Task<APISession, any Error>?
        var quota: QuotaSnapshot?
        var suppliers: Set<String> = []
        /// Pages each request took when last followed to its end, for the planner's estimates.
        var pagesSeen: [PlannedRequest: Int] = [:]
        /// Rows each request brought when last followed to its end, for the partial line's
        /// "of about N".
        var rowsSeen: [PlannedRequest: Int] = [:]
    }

    let connection: Connection
    let transport: any HTTPTransport
    /// Exists before the session does, so that `.cache clear` works before the first call.
    let cache: ResponseCache
    let state = Mutex(State())

    public init(_ connection: Connection, transport: any HTTPTransport = AsyncHTTPTransport(),
                cache: ResponseCache = ResponseCache()) {
        self.connection = connection
        self.transport = transport
        self.cache = cache
    }

    // MARK: The target

    /// The target, once known (the embedded simulator of a script only once started).
    public var target: Target? {
        if let session = state.withLock({ $0.session }) { return session.target }
        switch connection {
        case .target(let target), .targetWithSecretOnFirstCall(let target, _): return target
        case .embeddedSimulatorOnFirstCall: return nil
        }
    }

    /// Shown in the prompt: `sim`, a profile's name, an endpoint's host.
    public var promptName: String { target?.promptName ?? "sim" }

    /// One line for the banner: what, where, as whom. Never the secret.
    public var targetSummary: String {
        target?.summary ?? "embedded simulator, started at the first API call (client \(Target.simulatorCredentials.clientID))"
    }

    /// The lines of `.profile`.
    public var targetDetails: [(String, String)] {
        if case .targetWithSecretOnFirstCall(let target, _) = connection, state.withLock({ $0.session == nil }) {
            return target.details.map { $0.0 == "client secret" ? ($0.0, "from client_secret_command, run at the first API call") : $0 }
        }
        if let target { return target.details }
        let notYet = "(a free loopback port, chosen at the first API call)"
        return [("target", targetSummary), ("api", notYet), ("token url", notYet),
                ("client id", Target.simulatorCredentials.clientID), ("client secret", "set (hidden)")]
    }

    /// The session of every API statement, connected by the first one; a failed connect is
    /// tried again by the next statement.
    func apiSession() async throws -> APISession {
        let task: Task<APISession, any Error> = state.withLock { state in
            if let connecting = state.connecting { return connecting }
            let (connection, transport, cache) = (self.connection, self.transport, self.cache)
            let task = Task {
                switch connection {
                case .target(let target):
                    return APISession(target: target, transport: transport, cache: cache)
                case .embeddedSimulatorOnFirstCall(let start):
                    return APISession(target: try await start(), transport: transport, cache: cache)
                case .targetWithSecretOnFirstCall(var target, let fetchSecret):
                    target.credentials.clientSecret = try await fetchSecret()
                    return APISession(target: target, transport: transport, cache: cache)
                }
            }
            state.connecting = task
            return task
        }
        do {
            let session = try await task.value
            state.withLock { $0.session = session }
            return session
        } catch {
            state.withLock { $0.connecting = nil }
            throw error
        }
    }

    // MARK: What the shell asks between statements

    /// The rate-limit windows as last seen, for `.quota`; nil before the first answer.
    public func quota() -> QuotaSnapshot? { state.withLock { $0.quota } }

    /// `.cache clear`; done when it returns, so the next statement finds the cache empty.
    @discardableResult
    public func clearCache() async -> Int {
        await cache.clear()
    }

    /// Supplier numbers seen in rows this session, for completing values.
    public func suppliersSeen() -> [String] { state.withLock { $0.suppliers.sorted() } }

    /// What may be typed at `cursor` (a character offset) of `text`, the whole input so far.
    public func completions(in text: String, cursor: Int) -> LineCompletion {
        let oracle = CompletionOracle(parameters: parameters().map(\.name), suppliers: suppliersSeen())
        let candidates = oracle.completions(for: text, cursor: cursor)
        let start = cursor - (candidates.first?.replacementLength ?? 0)
        return LineCompletion(start: start, candidates: candidates.filter { cursor - $0.replacementLength == start }.map(\.text))
    }

    // MARK: Parameters

    /// Binds `--param NAME=VALUE` before the first statement; a VALUE that is not a literal of
    /// the language is taken as a string. Returns a diagnostic for a bad NAME.
    public func bind(_ parameter: ShellSettings.Parameter) -> Diagnostic? {
        let name = parameter.name.hasPrefix("$") ? String(parameter.name.dropFirst()) : parameter.name
        guard let first = name.first, first.isLetter || first == "_", name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            return .error(.syntax, "'\(parameter.name)' is not a parameter name", at: SourceSpan(start: 0, end: parameter.name.count),
                          help: "use letters, digits and '_', e.g. --param supplier=10012")
        }
        // The value as a literal of the language (number, date, list, …), or a list written
        // without its parentheses (`10012,10017`, `'a','b'`: every item a literal), else as a string.
        if let value = Self.literal(parameter.value, name: name) {
            set(Binding(name: name, value: value, text: parameter.value))
        } else if parameter.value.contains(","), let list = Self.literal("(\(parameter.value))", name: name),
                  case .list(let items, _) = list, items.allSatisfy(Self.isWritten) {
            set(Binding(name: name, value: list, text: "(\(parameter.value))"))
        } else {
            let string = Expr.string(parameter.value, span: SourceSpan(start: 0, end: parameter.value.count))
            set(Binding(name: name, value: string, text: Self.quoted(parameter.value)))
        }
        return nil
    }

    /// `text` as the value of `let NAME = text`, when it is one.
    private static func literal(_ text: String, name: String) -> Expr? {
        let parsed = Parser.parseScript(SourceText("let \(name) = \(text)"))
        guard parsed.entries.count == 1, case .assignment(let assignment)? = parsed.entries[0].statement else { return nil }
        return assignment.value
    }

    /// A value written out (a number, text, a date, …), not a parameter, list or query.
    private static func isWritten(_ value: Expr) -> Bool {
        switch value {
        case .parameter, .list, .subquery: false
        case .integer, .decimal, .string, .date, .timestamp, .relative, .bool, .null: true
        }
    }

    /// `$NAME` values bound so far (`--param` and `let`), rendered as the language writes them.
    public func parameters() -> [(name: String, value: String)] {
        state.withLock { $0.bindings.map { ($0.name, $0.text) } }
    }

    var parameterValues: [String: Expr] {
        state.withLock { Dictionary($0.bindings.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 }) }
    }

    private func set(_ binding: Binding) {
        state.withLock { state in
            if let i = state.bindings.firstIndex(where: { $0.name == binding.name }) {
                state.bindings[i] = binding
            } else {
                state.bindings.append(binding)
            }
        }
    }

    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    // MARK: Checking

    /// The errors of parsed statements, checked as a whole without running anything: syntax,
    /// then analysis with the `let`s before each statement bound. A script is refused on these
    /// before its first statement runs.
    public func check(_ parsed: ParsedScript) -> [Diagnostic] {
        var bindings = parameterValues
        var errors = parsed.diagnostics.filter { $0.severity == .error }
        for entry in parsed.entries {
            guard let statement = entry.statement else {
                errors += entry.analysisErrorsBeforeSyntaxErrors(bindings: bindings)
                continue
            }
            let analysis = Analyzer(bindings: bindings).analyze(statement)
            errors += analysis.diagnostics.filter { $0.severity == .error }
            if case .assignment(let assignment) = statement { bindings[assignment.name] = analysis.binding?.value ?? assignment.value }
        }
        return errors.sorted { ($0.span?.start ?? 0) < ($1.span?.start ?? 0) }
    }

    // MARK: Running

    /// Runs one parsed statement of `source` to the end, writing rendered rows to `output`.
    /// Spans in the outcome are offsets in `source`. Honours Task cancellation (Ctrl-C): stops
    /// fetching, renders the rows in hand, and returns `.interrupted` with `partial` set.
    public func run(_ entry: ParsedScript.Entry, in source: SourceText, settings: ShellSettings,
                    output: ShellOutput) async -> StatementOutcome {
        guard let statement = entry.statement else {
            let diagnostics = (entry.diagnostics + entry.analysisErrorsBeforeSyntaxErrors(bindings: parameterValues))
                .sorted { ($0.span?.start ?? 0) < ($1.span?.start ?? 0) }
            return StatementOutcome(status: .refused, diagnostics: diagnostics)
        }
        let analysis = Analyzer(bindings: parameterValues).analyze(statement)
        if analysis.hasErrors { return StatementOutcome(status: .refused, diagnostics: analysis.diagnostics) }
        var outcome: StatementOutcome
        switch statement {
        case .assignment(let assignment):
            var value = analysis.binding?.value ?? assignment.value
            // `let b = $a` copies a's value (and its text) now; a later `let a` does not change b.
            var text = source.slice(assignment.value.span)
            if case .parameter(let other, _) = assignment.value,
               let bound = state.withLock({ $0.bindings.first { $0.name == other } }) {
                text = bound.text
            }
            outcome = .ok
            // `let items = get … | select nobb`: the query runs now; its values are the list.
            if case .subquery(let query, let span) = value {
                do {
                    let (values, cost) = try await values(of: analysis.analyzed(query), source: source, settings: settings,
                                                             budget: CallBudget(limit: settings.maxCalls))
                    let items = values.compactMap { Expr.literal($0, span: span) }
                    value = .list(items, span: span)
                    text = Expr.listText(items)
                    var stats = cost
                    stats.rows = items.count
                    outcome.stats = stats
                } catch {
                    outcome = self.outcome(of: error, at: query.span)
                }
            }
            if outcome.status == .ok { set(Binding(name: assignment.name, value: value, text: text)) }
        case .query(let query):
            outcome = await run(analysis.analyzed(query), explainOnly: false, in: source, settings: settings, output: output)
        case .explain(let query, _):
            outcome = await run(analysis.analyzed(query), explainOnly: true, in: source, settings: settings, output: output)
        }
        outcome.diagnostics = analysis.diagnostics + outcome.diagnostics  // warnings first
        return outcome
    }
}
