// Predicates: each comparison's field against its value's type.
extension AnalyzerRun {
    /// `requestInputs`: this predicate is a top-level conjunct of the first `where`, where
    /// `inputOnly` fields may stand only as `FIELD = VALUE`.
    mutating func check(_ predicate: Predicate, in row: RowType, requestInputs: Bool) {
        switch predicate {
        case .and(let l, let r):
            check(l, in: row, requestInputs: requestInputs)
            check(r, in: row, requestInputs: requestInputs)
        case .or(let l, let r):
            check(l, in: row, requestInputs: false)
            check(r, in: row, requestInputs: false)
        case .not(let inner, _):
            check(inner, in: row, requestInputs: false)
        case .compare(let ref, let op, let value, _):
            guard let f = field(ref, in: row, asRequestInput: requestInputs && op == .equal) else {
                _ = resolve(value)
                return
            }
            compare(f, ref, op, value)
        case .membership(let ref, let negated, let value, _):
            guard let f = field(ref, in: row, asRequestInput: requestInputs && !negated) else {
                _ = resolve(value)
                return
            }
            membership(f, ref, value)
        case .contains(let ref, let value, _), .matches(let ref, let value, _):
            let isMatch = if case .matches = predicate { true } else { false }
            let f = field(ref, in: row)
            let keyword = isMatch ? "matches" : "contains"
            if let f {
                switch f.type {
                case .string, .enumeration, .any:
                    break
                default:
                    error(.type, "'\(keyword)' needs text; '\(ref)' is \(Self.article(f.type))", at: ref.span,
                          help: f.type.isNumeric || f.type.isTemporal ? "compare with =, <, >, or in (…)" : nil)
                }
            }
            guard let v = resolve(value) else { return }
            guard case .string(let text, _) = v else {
                error(.type, "'\(keyword)' takes text, found \(v.display)", at: value.span,
                      help: "quote it: '\(v.display)'")
                return
            }
            if isMatch {
                do {
                    _ = try Regex(text)
                } catch {
                    self.error(.type, "invalid regular expression", at: value.span, help: "\(error)")
                }
            }
        case .isNull(let ref, let negated, _):
            guard !ref.path.isEmpty, let f = field(ref, in: row) else { return }
            if !f.nullable, f.type != .any {
                warning(.type, "'\(ref)' is never null", at: ref.span,
                        help: negated ? "this condition is always true" : "this condition is never true")
            }
        }
    }

    mutating func compare(_ f: FieldSchema, _ ref: FieldRef, _ op: Predicate.Comparison, _ value: Expr) {
        guard let v = resolve(value) else { return }
        switch v {
        case .null:
            let fix = op == .notEqual ? "\(ref) is not null" : "\(ref) is null"
            error(.type, "'\(op.rawValue) null' is never true", at: value.span,
                  help: op == .equal || op == .notEqual ? "write '\(fix)'" : "null has no order; test it with 'is null'")
        case .list:
            error(.type, "a list needs 'in', not '\(op.rawValue)'", at: value.span,
                  help: op == .notEqual ? "write '\(ref) not in \(v.display)'" : "write '\(ref) in \(v.display)'")
        default:
            checkValue(v, against: f, ref, ordering: op != .equal && op != .notEqual)
        }
    }

    mutating func membership(_ f: FieldSchema, _ ref: FieldRef, _ value: Expr) {
        guard let v = resolve(value) else { return }
        if case .subquery = v { return }  // its values are known when it has run
        guard case .list(let items, _) = v else {
            error(.type, "'in' needs a list, found \(v.display)", at: value.span, help: "write \(ref) in (\(v.display))")
            return
        }
        if checkListShape(v, at: value.span) == false { return }
        for item in items where item.isNull {
            warning(.type, "null in a list never matches", at: item.span, help: "add 'or \(ref) is null'")
        }
        for item in items where !item.isNull {
            let before = analysis.diagnostics.count
            checkValue(item, against: f, ref, ordering: false)
            if analysis.diagnostics.count > before { break }
        }
    }

    /// Lists hold values of one type and no lists; false after reporting otherwise.
    @discardableResult
    mutating func checkListShape(_ value: Expr, at span: SourceSpan) -> Bool {
        guard case .list(let items, _) = value else { return true }
        if let nested = items.first(where: { if case .list = $0 { true } else { false } }) {
            error(.type, "lists cannot be nested", at: nested.span)
            return false
        }
        var kinds: [String] = []
        for item in items where !item.isNull && !kinds.contains(item.kindName) { kinds.append(item.kindName) }
        if kinds.count > 1 {
            error(.type, "the list mixes \(orList(kinds).replacingOccurrencesOfOr()) values", at: span,
                  help: "use values of one type")
            return false
        }
        return true
    }

    /// Whether a value can be compared with a field of this type; reports when not.
    mutating func checkValue(_ v: Expr, against f: FieldSchema, _ ref: FieldRef, ordering: Bool) {
        let span = v.span
        func mismatch(_ run: inout AnalyzerRun, help: String? = nil) {
            run.error(.type, "'\(ref)' is \(Self.article(f.type)), but \(v.display) is \(v.kindPhrase)", at: span, help: help)
        }
        switch f.type {
        case .any:
            return
        case .object, .array:
            requireScalar(f, ref, for: "compare")
        case .integer, .decimal:
            switch v {
            case .integer, .decimal: return
            case .string(let s, _):
                mismatch(&self, help: Double(s) != nil ? "remove the quotes: \(s)" : nil)
            default: mismatch(&self)
            }
        case .string:
            switch v {
            case .string: return
            case .integer, .decimal: mismatch(&self, help: "quote it: '\(v.display)'")
            default: mismatch(&self)
            }
        case .enumeration(let values):
            guard case .string(let s, _) = v else {
                mismatch(&self, help: "one of: " + values.map { "'\($0)'" }.joined(separator: ", "))
                return
            }
            if ordering {
                error(.type, "'\(ref)' has no order", at: span, help: "compare with = or in (…)")
            } else if !values.contains(s) {
                error(.type, "\(v.display) is not a valid '\(ref)'", at: span,
                      help: Suggestion.help(for: s, in: values) ?? "one of: " + values.map { "'\($0)'" }.joined(separator: ", "))
            }
        case .bool:
            switch v {
            case .bool:
                if ordering { error(.type, "booleans have no order", at: span, help: "compare with = or !=") }
            case .string(let s, _) where s.lowercased() == "true" || s.lowercased() == "false":
                mismatch(&self, help: "write \(s.lowercased()) without quotes")
            default: mismatch(&self)
            }
        case .date, .timestamp:
            switch v {
            case .date, .timestamp, .relative:
                return
            case .string(let s, _):
                if Self.isTemporalText(s) { return }
                let help = "write dates as 2024-01-31, timestamps as 2024-01-31T10:00:00Z, or today - 30d"
                if ordering {
                    error(.type, "'\(ref)' is \(Self.article(f.type)), but \(v.display) is not a date", at: span, help: help)
                } else {
                    warning(.type, "'\(ref)' is \(Self.article(f.type)), but \(v.display) is not a date; it will never match", at: span, help: help)
                }
            default:
                mismatch(&self, help: "write dates as 2024-01-31, or today - 30d")
            }
        }
    }

    /// A quoted date or timestamp (`'2024-01-31'`) compares as that date.
    static func isTemporalText(_ s: String) -> Bool {
        let lexed = Lexer.tokenize(Array(s))
        guard lexed.diagnostics.isEmpty, lexed.tokens.count == 2 else { return false }
        switch lexed.tokens[0].kind {
        case .date, .timestamp: return true
        default: return false
        }
    }

    // MARK: Parameters

    /// The value with every `$NAME` replaced by its binding (pointing at the `$NAME`), or nil
    /// after reporting an unbound one.
    mutating func resolve(_ value: Expr) -> Expr? {
        switch value {
        case .parameter(let name, let span):
            guard let bound = bindings[name] else {
                let names = bindings.keys.sorted()
                let help = Suggestion.closest(to: name, in: names).map { "did you mean '$\($0)'?" }
                    ?? "bind it first: let \(name) = …, or --param \(name)=…"
                error(.unknownName, "unknown parameter '$\(name)'", at: span, help: help)
                return nil
            }
            return bound.respanned(to: span)
        case .list(let items, let span):
            var out: [Expr] = []
            var ok = true
            for item in items {
                if let r = resolve(item) { out.append(r) } else { ok = false }
            }
            return ok ? .list(out, span: span) : nil
        case .subquery(let query, _):
            return checkSubquery(query) ? value : nil
        default:
            return value
        }
    }
}

private extension String {
    /// "integer or text" reads better as "integer and text" after "mixes".
    func replacingOccurrencesOfOr() -> String {
        var parts = self.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        if let i = parts.lastIndex(of: "or") { parts[i] = "and" }
        return parts.joined(separator: " ")
    }
}

extension Expr {
    var isNull: Bool { if case .null = self { true } else { false } }

    /// The same value with every span set to `span` (a parameter's value, shown where it is used).
    func respanned(to span: SourceSpan) -> Expr {
        switch self {
        case .integer(let v, _): .integer(v, span: span)
        case .decimal(let v, _): .decimal(v, span: span)
        case .string(let v, _): .string(v, span: span)
        case .date(let y, let m, let d, _): .date(year: y, month: m, day: d, span: span)
        case .timestamp(let v, _): .timestamp(v, span: span)
        case .relative(let a, let o, _): .relative(a, offsets: o, span: span)
        case .bool(let v, _): .bool(v, span: span)
        case .null: .null(span: span)
        case .list(let items, _): .list(items.map { $0.respanned(to: span) }, span: span)
        case .parameter(let n, _): .parameter(n, span: span)
        case .subquery(let q, _): .subquery(q, span: span)
        }
    }

    /// How the value reads in a message.
    public var display: String {
        switch self {
        case .integer(let v, _): String(v)
        case .decimal(let v, _): v
        case .string(let v, _): "'" + v.replacingQuotes() + "'"
        case .date(let y, let m, let d, _): Token.dateText(y, m, d)
        case .timestamp(let v, _): v
        case .relative(let a, let offsets, _):
            ([a.rawValue] + offsets.map { ($0.amount < 0 ? "- " : "+ ") + "\(abs($0.amount))\($0.unit.rawValue)" }).joined(separator: " ")
        case .bool(let v, _): v ? "true" : "false"
        case .null: "null"
        case .list(let items, _): "(" + items.map(\.display).joined(separator: ", ") + ")"
        case .parameter(let n, _): "$" + n
        case .subquery: "(get …)"
        }
    }

    /// The value's kind, for "the list mixes number and text values".
    var kindName: String {
        switch self {
        case .integer, .decimal: "number"
        case .string: "text"
        case .date, .timestamp, .relative: "date"
        case .bool: "boolean"
        case .null: "null"
        case .list, .subquery: "list"
        case .parameter: "parameter"
        }
    }

    var kindPhrase: String {
        switch self {
        case .integer, .decimal: "a number"
        case .string: "text"
        case .date: "a date"
        case .timestamp: "a timestamp"
        case .relative: "a date"
        case .bool: "a boolean"
        case .null: "null"
        case .list, .subquery: "a list"
        case .parameter: "a parameter"
        }
    }
}

private extension String {
    func replacingQuotes() -> String {
        var out = ""
        for c in self {
            switch c {
            case "'": out += "\\'"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\\": out += "\\\\"
            default: out.append(c)
            }
        }
        return out
    }
}
