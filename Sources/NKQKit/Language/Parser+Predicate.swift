// Predicates: `or` binds loosest, then `and`, then `not`; parentheses group. Chains of `and`
// and `or` are read in a loop and built balanced (`Predicate.all`); groups and `not` recurse,
// up to `maxNesting` levels.
extension Parser {
    mutating func predicate() throws -> Predicate {
        var terms = [try conjunction()]
        while at(keyword: "or") {
            advance()
            terms.append(try conjunction())
        }
        return .any(terms)
    }

    mutating func conjunction() throws -> Predicate {
        var terms = [try negation()]
        while at(keyword: "and") {
            advance()
            terms.append(try negation())
        }
        return .all(terms)
    }

    mutating func negation() throws -> Predicate {
        expect(.field)
        if at(keyword: "not") {
            let keyword = advance()
            try enterNesting(at: keyword)
            defer { openGroups -= 1 }
            let inner = try negation()
            return .not(inner, span: keyword.span.union(inner.span))
        }
        return try primary()
    }

    mutating func primary() throws -> Predicate {
        if at(.leftParen) {
            let open = advance()
            try enterNesting(at: open)
            defer { openGroups -= 1 }
            var inner: Predicate
            do {
                inner = try predicate()
            } catch is Failure {
                // Recover inside the group: skip to its `)` and go on after it.
                skip { $0.isSymbol(.rightParen) || $0.isSymbol(.pipe) }
                if current.isSymbol(.rightParen) { advance() }
                return .isNull(FieldRef(path: [], span: open.span), negated: false, span: open.span)
            }
            guard at(.rightParen) else {
                if current.isEnd || current.isSymbol(.pipe) {
                    try fail("this '(' is never closed", help: "add ')' to close the group opened here", at: open)
                }
                try fail()
            }
            let close = advance()
            return inner.grouped(in: open.span.union(close.span))
        }
        let field = try self.field()
        return try comparison(of: field)
    }

    mutating func comparison(of field: FieldRef) throws -> Predicate {
        expect(.comparison(field))
        let start = field.span.start
        func span(_ p: Parser) -> SourceSpan { SourceSpan(start: start, end: p.lastEnd) }
        if case .symbol(let symbol) = current.kind, let op = symbol.comparison {
            advance()
            let value = try value(for: field)
            return .compare(field, op, value, span: span(self))
        }
        if current.isKeyword("in") {
            advance()
            let list = try listOrParameter(for: field)
            return .membership(field, negated: false, list, span: span(self))
        }
        if current.isKeyword("not") {
            advance()
            guard at(keyword: "in") else {
                try fail(help: "write 'FIELD not in (…)', or 'not FIELD = …' to negate a comparison")
            }
            advance()
            let list = try listOrParameter(for: field)
            return .membership(field, negated: true, list, span: span(self))
        }
        if current.isKeyword("contains") {
            advance()
            let value = try value(for: field)
            return .contains(field, value, span: span(self))
        }
        if current.isKeyword("matches") {
            advance()
            let value = try value(for: field)
            return .matches(field, value, span: span(self))
        }
        if current.isKeyword("is") {
            advance()
            var negated = false
            if at(keyword: "not") {
                advance()
                negated = true
            }
            guard at(keyword: "null") else { try fail(help: "write 'is null' or 'is not null'") }
            advance()
            return .isNull(field, negated: negated, span: span(self))
        }
        let lead = "expected a comparison after '\(field)'"
        try fail(current.isEnd ? lead : lead + ", found \(current.quoted)",
                 help: current.isSymbol(.leftParen) ? "did you mean 'in (…)'?"
                    : current.keyword == "like" ? "did you mean 'contains' or 'matches'? (\(field) contains 'text', \(field) matches '^regex')"
                    : "compare with =, !=, <, <=, >, >=, in (…), not in (…), contains, matches, is null or is not null")
    }

    mutating func listOrParameter(for field: FieldRef) throws -> Expr {
        expect(.symbol(.leftParen))
        if case .parameter(let name) = current.kind {
            let token = advance()
            return .parameter(name, span: token.span)
        }
        guard current.isSymbol(.leftParen) else {
            try fail("expected a list after 'in'" + (current.isEnd ? "" : ", found \(current.quoted)"),
                     help: "write a list in parentheses: in (1, 2, 3)")
        }
        return try list(for: field)
    }
}

extension Token.Symbol {
    /// The comparison this symbol writes, if it writes one.
    var comparison: Predicate.Comparison? {
        switch self {
        case .equal: .equal
        case .notEqual: .notEqual
        case .less: .less
        case .lessOrEqual: .lessOrEqual
        case .greater: .greater
        case .greaterOrEqual: .greaterOrEqual
        case .leftParen, .rightParen, .comma, .dot, .pipe, .semicolon, .star, .plus, .minus: nil
        }
    }
}
