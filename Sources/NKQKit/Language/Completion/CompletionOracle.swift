import Foundation

/// Says what may come at a cursor position: keywords, sources, the fields of the rows in hand
/// (tracked through the stages before the cursor), comparison operators, enum values, file
/// names, `$` parameters. It runs the real parser over the text before the cursor and reads
/// what the parser expected where that text ends (`Expectation`), so completion and error
/// messages never disagree about the grammar.
public struct CompletionOracle: Sendable {
    /// Bound `$NAME`s (from `let` and `--param`); `let`s earlier in the text are added.
    public var parameters: [String]
    /// Supplier numbers seen in the session, offered as values of supplier fields.
    public var suppliers: [String]
    /// Where relative paths after `file '` are listed from.
    public var directory: String

    public init(parameters: [String] = [], suppliers: [String] = [], directory: String = ".") {
        self.parameters = parameters
        self.suppliers = suppliers
        self.directory = directory
    }

    static let supplierFieldNames: Set<String> = ["supplier", "supplierParticipantNumber", "ownerParticipantNumber", "participantNo"]

    /// Candidates for the cursor (a Character offset into `text`; text after it is ignored).
    /// Every candidate replaces the word being typed (`replacementLength` characters).
    public func completions(for text: String, cursor: Int) -> [CompletionCandidate] {
        let chars = Array(text)
        let prefix = Array(chars[0..<max(0, min(cursor, chars.count))])
        guard let start = Self.partialWordStart(prefix) else { return [] }
        let before = Array(prefix[0..<start])
        let source = SourceText(String(before))
        var tokens = Lexer.tokenize(before).tokens
        // A placeholder where the word being typed starts, to find the statement it belongs to.
        let marker = Token(.word("\u{0}"), SourceSpan(at: before.count))
        tokens.insert(marker, at: tokens.count - 1)
        guard var statement = StatementSplitter.split(tokens).last, statement.count >= 2 else { return [] }
        statement.removeLast(2)
        statement.append(Token(.end, SourceSpan(at: before.count)))
        guard let end = Parser.endState(of: statement, in: source) else { return [] }

        let typed = String(prefix[start...])
        var out: [CompletionCandidate] = []
        var seen = Set<String>()
        func add(_ text: String, _ kind: CompletionCandidate.Kind, _ detail: String? = nil) {
            guard text.lowercased().hasPrefix(typed.lowercased()), seen.insert(text).inserted else { return }
            out.append(CompletionCandidate(text, kind: kind, detail: detail, replacementLength: typed.count))
        }

        let bindings = Dictionary(uniqueKeysWithValues: parameterNames(in: source).map { ($0, Expr.null(span: SourceSpan(at: 0))) })
        let analyzer = Analyzer(bindings: bindings)
        func row() -> RowType {
            guard let s = end.source else { return .open }
            return analyzer.rowType(of: s, after: end.stages)
        }

        for expectation in end.expectations {
            switch expectation {
            case .keyword(let k) where k != ";":
                add(k, .keyword)
            case .keyword:
                break
            case .symbol(let s):
                if s != .dot { add(s.rawValue, .symbol) }
            case .source:
                for r in Schema.resources { add(r.name, .source, r.summary) }
                add("file", .source, "rows from a JSON, NDJSON, CSV or TSV file: file 'PATH'")
                add("stdin", .source, "rows from standard input")
            case .field:
                let requestInputs = end.stages.isEmpty
                for (path, field) in row().paths where requestInputs || !field.inputOnly {
                    add(path, .field, field.inputOnly ? "\(field.type) (request input)" : field.type.description)
                }
            case .comparison(let ref):
                for op in Self.operators(for: type(of: ref, in: row())) { add(op, .operator) }
            case .value(let ref):
                if let ref { values(for: ref, in: row(), quote: typed.first, add: add) }
                for name in parameterNames(in: source) { add("$" + name, .parameter) }
            case .aggregate:
                for f in Aggregate.Function.allCases { add(f == .count ? "count()" : f.rawValue + "(", .function) }
            case .filePath:
                for (path, isDirectory) in files(matching: typed) { add(path, .file, isDirectory ? "directory" : nil) }
            case .readAs:
                for format in FileFormat.allCases { add(format.rawValue, .keyword, "read the rows as \(format.rawValue)") }
                for r in Schema.resources { add(r.name, .source, "rows with the fields of \(r.name)") }
            case .name, .integer:
                break
            }
        }
        return out.enumerated().sorted {
            let a = Self.rank($0.element.kind), b = Self.rank($1.element.kind)
            return a != b ? a < b : $0.offset < $1.offset
        }.map(\.element)
    }

    /// Where candidates of `kind` are listed: the row's own fields and values first, syntax last.
    static func rank(_ kind: CompletionCandidate.Kind) -> Int {
        switch kind {
        case .field: 0
        case .value: 1
        case .parameter: 2
        case .source: 3
        case .function: 4
        case .operator: 5
        case .keyword: 6
        case .file: 7
        case .symbol: 8
        }
    }

    /// Where the word being typed starts: a name or dotted path, a `$NAME`, or an open string.
    /// nil inside a comment.
    static func partialWordStart(_ prefix: [Character]) -> Int? {
        let tokens = Lexer.tokenize(prefix).tokens
        let last = tokens.count >= 2 ? tokens[tokens.count - 2] : nil
        if let last, case .string(_, _, closed: false) = last.kind { return last.span.start }
        let lastEnd = last?.span.end ?? 0
        if prefix[lastEnd...].contains("#") { return nil }
        var start = prefix.count
        while start > 0, Lexer.isWordPart(prefix[start - 1]) || prefix[start - 1] == "." { start -= 1 }
        if start > 0, prefix[start - 1] == "$" { start -= 1 }
        return start
    }

    func parameterNames(in source: SourceText) -> [String] {
        var names = parameters
        for case .assignment(let a) in Parser.parseScript(source).statements where !names.contains(a.name) {
            names.append(a.name)
        }
        return names
    }

    func type(of ref: FieldRef, in row: RowType) -> FieldType {
        if case .field(let f, _) = row.resolve(ref.path) { return f.type }
        return .any
    }

    static func operators(for type: FieldType) -> [String] {
        let equality = ["=", "!="]
        let ordering = ["<", "<=", ">", ">="]
        let membership = ["in", "not in"]
        let text = ["contains", "matches"]
        let null = ["is null", "is not null"]
        switch type {
        case .bool: return equality + null
        case .enumeration: return equality + membership + text + null
        case .string, .any: return equality + ordering + membership + text + null
        case .object, .array: return null
        default: return equality + ordering + membership + null
        }
    }

    func values(for ref: FieldRef, in row: RowType, quote: Character?,
                add: (String, CompletionCandidate.Kind, String?) -> Void) {
        let q = quote == "\"" ? "\"" : "'"
        guard case .field(let field, let path) = row.resolve(ref.path) else { return }
        switch field.type {
        case .enumeration(let values):
            for v in values { add(q + v + q, .value, nil) }
        case .bool:
            add("true", .value, nil)
            add("false", .value, nil)
        case .date, .timestamp:
            add("today", .value, "the current date; today - 30d")
            add("now", .value, "the current time; now - 2h")
        default:
            break
        }
        let names = Set([ref.path.last, path.last].compactMap { $0 })
        if !names.isDisjoint(with: Self.supplierFieldNames) {
            for s in suppliers { add(s, .value, "supplier") }
        }
    }

    /// Paths for `file '…`: the typed text after the quote is a directory part and a name prefix.
    func files(matching typed: String) -> [(String, Bool)] {
        let quote = typed.first == "\"" ? "\"" : "'"
        let inner = typed.first == "'" || typed.first == "\"" ? String(typed.dropFirst()) : typed
        let slash = inner.lastIndex(of: "/")
        let directoryPart = slash.map { String(inner[...$0]) } ?? ""
        let namePrefix = slash.map { String(inner[inner.index(after: $0)...]) } ?? inner
        let base: String
        if directoryPart.hasPrefix("/") {
            base = directoryPart
        } else if directoryPart.hasPrefix("~/") {
            base = NSHomeDirectory() + directoryPart.dropFirst(1)
        } else {
            base = directory + "/" + directoryPart
        }
        let manager = FileManager.default
        guard let entries = try? manager.contentsOfDirectory(atPath: base) else { return [] }
        return entries.sorted()
            .filter { $0.hasPrefix(namePrefix) && (namePrefix.hasPrefix(".") || !$0.hasPrefix(".")) }
            .map { entry in
                var isDirectory: ObjCBool = false
                _ = manager.fileExists(atPath: base + "/" + entry, isDirectory: &isDirectory)
                let path = quote + directoryPart + entry
                return isDirectory.boolValue ? (path + "/", true) : (path + quote, false)
            }
    }
}
