// Values: literals, `today`/`now` with offsets, `$NAME`, lists.
extension Parser {
    mutating func value(for field: FieldRef?) throws -> Expr {
        expect(.value(field))
        let token = current
        switch token.kind {
        case .string(let s, _, _):
            advance()
            return .string(s, span: token.span)
        case .integer(let n):
            advance()
            return .integer(n, span: token.span)
        case .decimal(let d):
            advance()
            return .decimal(d, span: token.span)
        case .date(let y, let m, let d):
            advance()
            return .date(year: y, month: m, day: d, span: token.span)
        case .timestamp(let t):
            advance()
            return .timestamp(t, span: token.span)
        case .parameter(let p):
            advance()
            return .parameter(p, span: token.span)
        case .symbol(.minus):
            advance()
            let number = current
            switch number.kind {
            case .integer(let n):
                advance()
                return .integer(-n, span: token.span.union(number.span))
            case .decimal(let d):
                advance()
                return .decimal("-" + d, span: token.span.union(number.span))
            default:
                try fail("expected a number after '-'")
            }
        case .symbol(.leftParen):
            return try list(for: field)
        case .duration(let n, let unit):
            try fail("a duration needs a starting point", help: "write today - \(n)\(unit.rawValue) or now - \(n)\(unit.rawValue)")
        case .word(let w):
            switch w.lowercased() {
            case "true", "false":
                advance()
                return .bool(w.lowercased() == "true", span: token.span)
            case "null":
                advance()
                return .null(span: token.span)
            case "today":
                return try relative(.today)
            case "now":
                return try relative(.now)
            default:
                try fail("expected a value, found \(token.quoted)",
                         help: "text is quoted: '\(w)'")
            }
        default:
            try fail()
        }
    }

    /// `today`, `now - 2h`, `today - 1m + 3d`.
    mutating func relative(_ anchor: Expr.Anchor) throws -> Expr {
        let start = advance()
        var offsets: [Expr.Offset] = []
        while at(.minus) || at(.plus) {
            let sign = advance()
            guard case .duration(let amount, let unit) = current.kind else {
                var help = "a duration is a number and a unit: 30d, 2h, 1w, 6m, 1y"
                if case .integer(let n) = current.kind { help = "add a unit: \(n)d for days, \(n)h for hours" }
                try fail("expected a duration after '\(text(sign))'" + (current.isEnd ? "" : ", found \(current.quoted)"), help: help)
            }
            advance()
            offsets.append(Expr.Offset(amount: sign.isSymbol(.minus) ? -amount : amount, unit: unit))
        }
        return .relative(anchor, offsets: offsets, span: SourceSpan(start: start.span.start, end: lastEnd))
    }

    /// `(v, v, …)`; a bad element is skipped up to the next `,` or `)`.
    mutating func list(for field: FieldRef?) throws -> Expr {
        let open = advance()
        try enterNesting(at: open)
        defer { openGroups -= 1 }
        if current.isKeyword("get") {
            let query = try subquery()
            guard at(.rightParen) else { try fail("this '(' is never closed", help: "add ')' after the query", at: open) }
            let close = advance()
            return .subquery(query, span: open.span.union(close.span))
        }
        var items: [Expr] = []
        if at(.rightParen) {
            let close = advance()
            report("empty list", at: open.span.union(close.span), help: "put at least one value in the list")
            return .list([], span: open.span.union(close.span))
        }
        var failed = false
        repeat {
            if !items.isEmpty || failed { advance() }
            do {
                items.append(try value(for: field))
            } catch is Failure {
                failed = true
                skip { $0.isSymbol(.comma) || $0.isSymbol(.rightParen) || $0.isSymbol(.pipe) }
            }
        } while at(.comma)
        guard at(.rightParen) else {
            if current.isEnd || current.isSymbol(.pipe) {
                try fail("this '(' is never closed", help: "add ')' to close the list opened here", at: open)
            }
            try fail()
        }
        let close = advance()
        if failed { throw Failure() }
        return .list(items, span: open.span.union(close.span))
    }
}
