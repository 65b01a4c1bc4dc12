// Stages: select, sort, limit, flatten, distinct, count, group by; fields and aggregates.
extension Parser {
    mutating func stage() throws -> Stage {
        for k in Self.stageKeywords { expect(.keyword(k)) }
        guard let word = current.keyword else {
            try fail(help: "stages: " + Self.stageKeywords.joined(separator: ", "))
        }
        switch word {
        case "where": return try filterStage()
        case "select": return try selectStage()
        case "sort": return try sortStage()
        case "limit": return try limitStage()
        case "flatten":
            let keyword = advance()
            let field = try self.field()
            return .flatten(field, span: spanFrom(keyword))
        case "distinct":
            let keyword = advance()
            expect(.field)
            var fields: [FieldRef] = []
            if case .word = current.kind { fields = try fieldList() }
            return .distinct(fields, span: spanFrom(keyword))
        case "count":
            let keyword = advance()
            if current.isSymbol(.leftParen) {
                report("'count' as a stage takes no parentheses", at: current.span,
                       help: "write '| count'; count() belongs in 'group by … with count()'")
                advance()
                if current.isSymbol(.rightParen) { advance() }
            }
            return .count(span: spanFrom(keyword))
        case "group": return try groupStage()
        case "join", "left": return try joinStage()
        default:
            var help = Suggestion.help(for: word, in: Self.stageKeywords)
            if word == "order" || word == "orderby" { help = "did you mean 'sort'?" }
            if word == "filter" { help = "did you mean 'where'?" }
            if word == "take" || word == "head" || word == "top" { help = "did you mean 'limit'?" }
            try fail("unknown stage '\(text(current))'", kind: .unknownName, help: help)
        }
    }

    func spanFrom(_ token: Token) -> SourceSpan {
        SourceSpan(start: token.span.start, end: max(token.span.end, lastEnd))
    }

    mutating func filterStage() throws -> Stage {
        let keyword = advance()
        let predicate = try self.predicate()
        return .filter(predicate, span: spanFrom(keyword))
    }

    mutating func selectStage() throws -> Stage {
        let keyword = advance()
        if at(.star) {
            advance()
            return .select(items: [], all: true, span: spanFrom(keyword))
        }
        var items: [SelectItem] = []
        repeat {
            if !items.isEmpty { advance() }
            let field = try self.field()
            var alias: String?
            if at(keyword: "as") {
                advance()
                alias = try name()
            }
            items.append(SelectItem(field: field, alias: alias, span: SourceSpan(start: field.span.start, end: lastEnd)))
        } while at(.comma)
        return .select(items: items, all: false, span: spanFrom(keyword))
    }

    /// A new column name after `as`: a word or a quoted string.
    mutating func name() throws -> String {
        expect(.name)
        switch current.kind {
        case .word(let w):
            advance()
            return w
        case .string(let s, _, _):
            advance()
            return s
        default:
            try fail()
        }
    }

    mutating func sortStage() throws -> Stage {
        let keyword = advance()
        var keys: [SortKey] = []
        repeat {
            if !keys.isEmpty { advance() }
            let field = try self.field()
            var descending = false
            if at(keyword: "asc") {
                advance()
            } else if at(keyword: "desc") {
                advance()
                descending = true
            }
            keys.append(SortKey(field: field, descending: descending, span: SourceSpan(start: field.span.start, end: lastEnd)))
        } while at(.comma)
        return .sort(keys, span: spanFrom(keyword))
    }

    mutating func limitStage() throws -> Stage {
        let keyword = advance()
        expect(.integer)
        switch current.kind {
        case .integer(let n):
            advance()
            return .limit(n, span: spanFrom(keyword))
        case .symbol(.minus):
            try fail("a limit cannot be negative", help: "write limit 0 or more")
        case .decimal:
            try fail("a limit is a whole number, found \(current.quoted)")
        default:
            try fail(help: "write limit N, e.g. limit 10")
        }
    }

    /// `join SOURCE on LEFT = RIGHT`, `left join SOURCE on LEFT = RIGHT`.
    mutating func joinStage() throws -> Stage {
        let first = current
        let keepsUnmatched = first.isKeyword("left")
        if keepsUnmatched {
            advance()
            guard at(keyword: "join") else { try fail(help: "write left join SOURCE on FIELD = FIELD") }
        }
        advance()
        let source = try sourceRef()
        guard at(keyword: "on") else {
            try fail(help: "write join \(self.source.slice(source.span)) on FIELD = FIELD: a field of these rows, then one of the joined rows")
        }
        advance()
        let left = try field()
        guard at(.equal) else { try fail(help: "write on \(left) = FIELD, a field of the joined rows") }
        advance()
        let right = try field()
        return .join(JoinClause(source: source, left: left, right: right, keepsUnmatched: keepsUnmatched), span: spanFrom(first))
    }

    mutating func groupStage() throws -> Stage {
        let keyword = advance()
        guard at(keyword: "by") else { try fail(help: "write group by FIELD, … with count(), …") }
        advance()
        let keys = try fieldList()
        var aggregates: [Aggregate] = []
        if at(keyword: "with") {
            advance()
            repeat {
                if !aggregates.isEmpty { advance() }
                aggregates.append(try aggregate())
            } while at(.comma)
        }
        return .group(by: keys, aggregates: aggregates, span: spanFrom(keyword))
    }

    mutating func aggregate() throws -> Aggregate {
        expect(.aggregate)
        guard let word = current.keyword else { try fail(help: "aggregates: count(), sum(F), avg(F), min(F), max(F)") }
        guard let function = Aggregate.Function(rawValue: word) else {
            try fail("unknown aggregate '\(text(current))'", kind: .unknownName,
                     help: Suggestion.help(for: word, in: Aggregate.Function.allCases.map(\.rawValue))
                        ?? "aggregates: count(), sum(F), avg(F), min(F), max(F)")
        }
        let start = advance()
        guard at(.leftParen) else { try fail(help: "write \(word)(\(function == .count ? "" : "FIELD"))") }
        let open = advance()
        var field: FieldRef?
        if function == .count, current.isSymbol(.star) {
            try fail("count() takes no '*'", help: "did you mean 'count()'? it counts the rows of each group")
        }
        if function == .count {
            if case .word = current.kind {
                try fail("count() takes no field", help: "count() counts the rows of each group")
            }
        } else {
            field = try self.field()
        }
        guard at(.rightParen) else {
            if current.isEnd || current.isSymbol(.pipe) {
                try fail("this '(' is never closed", help: "add ')' to close the call opened here", at: open)
            }
            try fail()
        }
        advance()
        var alias: String?
        if at(keyword: "as") {
            advance()
            alias = try name()
        }
        return Aggregate(function: function, field: field, alias: alias, span: SourceSpan(start: start.span.start, end: lastEnd))
    }

    /// Reports at another token (an opening parenthesis) and unwinds.
    mutating func fail(_ message: String, help: String, at token: Token) throws -> Never {
        noteEnd()
        report(message, at: token.span, help: help)
        throw Failure()
    }

    mutating func fieldList() throws -> [FieldRef] {
        var fields: [FieldRef] = []
        repeat {
            if !fields.isEmpty { advance() }
            fields.append(try field())
        } while at(.comma)
        return fields
    }

    /// A dotted path: `purchasePrice.value`.
    mutating func field() throws -> FieldRef {
        expect(.field)
        guard case .word(let first) = current.kind else {
            if case .string(let s, _, _) = current.kind {
                try fail("expected a field, found \(current.quoted)", help: "field names are not quoted: \(s)")
            }
            if case .parameter(let p) = current.kind {
                try fail(help: "a parameter is a value: write FIELD = $\(p)")
            }
            try fail()
        }
        let start = advance()
        var path = [first]
        while at(.dot) {
            advance()
            expect(.field)
            guard case .word(let part) = current.kind else { try fail("expected a field name after '.'") }
            advance()
            path.append(part)
        }
        return FieldRef(path: path, span: SourceSpan(start: start.span.start, end: lastEnd))
    }
}
