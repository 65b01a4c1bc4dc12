import Testing
@testable import NKQKit

/// Parses one statement that must be valid.
func parseOne(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Statement? {
    let script = Parser.parseScript(SourceText(text))
    #expect(script.diagnostics.isEmpty, "\(DiagnosticRenderer().render(script.diagnostics, in: script.source))",
            sourceLocation: sourceLocation)
    #expect(script.statements.count == 1, sourceLocation: sourceLocation)
    return script.statements.first
}

func query(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Query? {
    guard case .query(let q) = parseOne(text, sourceLocation: sourceLocation) else { return nil }
    return q
}

func span(_ s: Int, _ e: Int) -> SourceSpan { SourceSpan(start: s, end: e) }

@Suite struct ParserTests {
    @Test func getWithWhereAndStages() throws {
        let text = "get contracts where supplier in (10012, 10017) and approved >= 2024-01-01 | select contractId, text | sort approved desc"
        let q = try #require(query(text))
        #expect(q.source == SourceRef(kind: .resource("contracts"), span: span(4, 13)))
        #expect(q.stages.count == 3)
        guard case .filter(.and(.membership(let f, false, .list(let items, _), _), .compare(let g, .greaterOrEqual, .date(2024, 1, 1, _), _)), _) = q.stages[0] else {
            Issue.record("where: \(q.stages[0])"); return
        }
        #expect(f.path == ["supplier"])
        #expect(items.count == 2)
        #expect(g.path == ["approved"])
        guard case .select(let sel, false, _) = q.stages[1] else { Issue.record("select"); return }
        #expect(sel.map(\.outputName) == ["contractId", "text"])
        guard case .sort(let keys, _) = q.stages[2] else { Issue.record("sort"); return }
        #expect(keys.map(\.descending) == [true])
        #expect(q.span == span(0, text.count))
    }

    @Test func everyStage() throws {
        let q = try #require(query("""
            get conditions | where level = 'item' | select conditionId as id, elements, quantity.unit
            | sort id asc, name | limit 5 | flatten elements | distinct | distinct id, name | count
            """))
        #expect(q.stages.map(\.keyword) == ["where", "select", "sort", "limit", "flatten", "distinct", "distinct", "count"])
        guard case .select(let items, _, _) = q.stages[1] else { return }
        #expect(items.map(\.outputName) == ["id", "elements", "quantity.unit"])
        let g = try #require(query("get prices | group by supplier, priceUnit with count(), sum(purchasePrice.value) as total, avg(indexPrice.value), min(nobb), max(nobb)"))
        guard case .group(let keys, let aggs, _) = g.stages[0] else { Issue.record("group"); return }
        #expect(keys.map(\.description) == ["supplier", "priceUnit"])
        #expect(aggs.map(\.outputName) == ["count", "total", "avg_indexPrice_value", "min_nobb", "max_nobb"])
        let star = try #require(query("get zones | select *"))
        #expect(star.stages == [.select(items: [], all: true, span: span(12, 20))])
        let keysOnly = try #require(query("get contracts | group by supplier"))
        guard case .group(_, let none, _) = keysOnly.stages[0] else { return }
        #expect(none.isEmpty)
    }

    @Test func sources() throws {
        #expect(try #require(query("get file 'out/rows.json'")).source.kind == .file("out/rows.json"))
        #expect(try #require(query("get stdin | count")).source.kind == .stdin)
        #expect(try #require(query("GET Contracts")).source.kind == .resource("contracts"))
        #expect(try #require(query("get orderprices where gtin in ('7020', '7021') and deliveryPostalCode = '0150'")).stages.count == 1)
    }

    @Test func predicatesAndPrecedence() throws {
        let q = try #require(query("get contracts where not a = 1 and b = 2 or c = 3 and (d = 4 or e is not null)"))
        guard case .filter(let p, _) = q.stages[0] else { return }
        guard case .or(.and(.not(.compare(_, .equal, _, _), _), .compare), .and(.compare, .or(.compare, .isNull(_, true, _)))) = p else {
            Issue.record("shape: \(p)"); return
        }
        let ops = try #require(query("get contracts where a != 1 and b < 2 and c <= 3 and d > 4 and e >= 5 and f not in (1) and text contains 'x' and text matches '^A' and to is null"))
        guard case .filter(let all, _) = ops.stages[0] else { return }
        var count = 0
        var stack = [all]
        while let p = stack.popLast() {
            if case .and(let l, let r) = p { stack += [l, r] } else { count += 1 }
        }
        #expect(count == 9)
    }

    @Test func longChainsAreBalancedAndKeepTheirOrder() throws {
        let text = "get stdin where " + (0..<3_000).map { "a = \($0)" }.joined(separator: " and ")
        let q = try #require(query(text))
        guard case .filter(let p, _) = q.stages[0] else { return }
        func depth(_ p: Predicate) -> Int {
            if case .and(let l, let r) = p { return 1 + max(depth(l), depth(r)) }
            return 0
        }
        // log2(3000) rounded up: every later stage recurses this deep, not 3,000 deep.
        #expect(depth(p) == 12)
        var leaves: [Int] = []
        var stack = [p]
        while let n = stack.popLast() {
            switch n {
            case .and(let l, let r): stack += [r, l]
            case .compare(_, _, .integer(let i, _), _): leaves.append(i)
            default: break
            }
        }
        #expect(leaves == Array(0..<3_000))
        #expect(p.span == span(16, text.count))
        // Three terms keep the left-to-right grouping of a short chain.
        let three = try #require(query("get stdin where a = 1 or b = 2 or c = 3"))
        guard case .filter(.or(.or(.compare, .compare), .compare(let c, _, _, _)), _) = three.stages[0] else {
            Issue.record("shape: \(three.stages[0])"); return
        }
        #expect(c.path == ["c"])
    }

    @Test func nestingPastTheCapIsOneErrorAtTheFirstLevelTooDeep() throws {
        let inside = String(repeating: "(", count: 64) + "a = 1" + String(repeating: ")", count: 64)
        #expect(query("get stdin where " + inside) != nil)
        for text in ["get stdin where " + String(repeating: "(", count: 10_000),
                     "get stdin where " + String(repeating: "not ", count: 65) + "a = 1",
                     "get stdin where a in " + String(repeating: "(", count: 65) + "1" + String(repeating: ")", count: 65)] {
            let script = Parser.parseScript(SourceText(text))
            #expect(script.diagnostics.map(\.message) == ["nested more than 64 levels deep"])
            let start = script.diagnostics.first?.span?.start ?? 0
            #expect(["(", "not"].contains(SourceText(text).slice(script.diagnostics[0].span ?? span(0, 0))), "\(start)")
        }
    }

    @Test func values() throws {
        let q = try #require(query(#"get x where a = 1 and b = -2.50 and c = "q\"\n\u{E6}" and d = 2024-02-29 and e = 2024-01-31T10:00:00.25+01:00 and f = today - 30d and g = now + 2h - 1w and h in (true, false, null) and i = $p and j = -7"#))
        guard case .filter(let p, _) = q.stages[0] else { return }
        var values: [Expr] = []
        var stack = [p]
        while let n = stack.popLast() {
            switch n {
            case .and(let l, let r): stack += [r, l]
            case .compare(_, _, let v, _), .membership(_, _, let v, _): values.append(v)
            default: break
            }
        }
        guard values.count == 10 else { Issue.record("\(values)"); return }
        guard case .integer(1, _) = values[0], case .decimal("-2.50", _) = values[1], case .string("q\"\næ", _) = values[2],
              case .date(2024, 2, 29, _) = values[3], case .timestamp("2024-01-31T10:00:00.25+01:00", _) = values[4],
              case .relative(.today, let o1, _) = values[5], case .relative(.now, let o2, _) = values[6],
              case .list(let l, _) = values[7], case .parameter("p", _) = values[8], case .integer(-7, _) = values[9]
        else { Issue.record("\(values)"); return }
        #expect(o1.map(\.amount) == [-30] && o1.map(\.unit) == [.day])
        #expect(o2.map(\.amount) == [2, -1] && o2.map(\.unit) == [.hour, .week])
        #expect(l == [.bool(true, span: l[0].span), .bool(false, span: l[1].span), .null(span: l[2].span)])
    }

    @Test func explainAndLet() throws {
        guard case .explain(let q, let s) = parseOne("explain get prices where nobb = 1") else { Issue.record(); return }
        #expect(q.source.kind == .resource("prices") && s == span(0, 33))
        guard case .assignment(let a) = parseOne("let suppliers = (10012, 10017)") else { Issue.record(); return }
        #expect(a.name == "suppliers" && a.nameSpan == span(4, 13))
        guard case .list(let items, _) = a.value else { Issue.record(); return }
        #expect(items.count == 2)
    }

    @Test func scriptSplitting() {
        let script = Parser.parseScript(SourceText("""
            # a comment line
            get contracts   # trailing comment
              | select text ; get zones
            get prices where nobb in (1,
              2,
              3)
            let x = 'a
            b'

            get conditions where level = 'item' and
              active = true
            get contracts |
              count
            get contracts where supplier = 1
              and text = 'x'
              or text = 'y'
            """))
        #expect(script.diagnostics.isEmpty, "\(DiagnosticRenderer().render(script.diagnostics, in: script.source))")
        #expect(script.entries.count == 7)
        guard case .assignment(let a) = script.statements[3] else { Issue.record(); return }
        #expect(a.value == .string("a\nb", span: a.value.span))
    }

    @Test func openState() {
        #expect(Parser.isComplete("get contracts"))
        #expect(Parser.isComplete("get contracts\n"))
        #expect(Parser.isComplete(""))
        #expect(StatementSplitter.openState("get contracts |") == .pipe)
        #expect(StatementSplitter.openState("get contracts |\n") == .pipe)
        #expect(StatementSplitter.openState("get x where a in (1,\n2") == .parenthesis(depth: 1))
        #expect(StatementSplitter.openState("get x where t = 'abc") == .string(quote: "'"))
        #expect(StatementSplitter.openState("get x where t = \"abc\n") == .string(quote: "\""))
        #expect(StatementSplitter.openState("get x where a = 1 and") == .trailing("and"))
        #expect(StatementSplitter.openState("get x | select a,") == .trailing(","))
        #expect(StatementSplitter.openState("get x | select a; get y |") == .pipe)
        #expect(StatementSplitter.openState("get x where a in (1;") == .complete)
        #expect(StatementSplitter.openState("get x where a in (1\nget y") == .complete)
        #expect(StatementSplitter.openState("get x # (comment").isComplete)
        #expect(OpenState.parenthesis(depth: 2).prompt == "((…")
    }
}
