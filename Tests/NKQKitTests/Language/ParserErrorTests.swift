import Testing
@testable import NKQKit

/// Every class of syntax error: the message, where it points, and the help.
@Suite struct ParserErrorTests {
    struct Reported: Equatable, CustomStringConvertible {
        var message: String
        var at: String
        var help: String?
        var description: String { "\(message) @\(at) help: \(help ?? "-")" }
    }

    /// Syntax diagnostics of a text, with the spans shown as the text they cover ("" = a point).
    func reported(_ text: String) -> [Reported] {
        let source = SourceText(text)
        return Parser.parseScript(source).diagnostics.filter { $0.kind != .lexical }.map {
            Reported(message: $0.message, at: $0.span.map { "\(source.slice($0))#\($0.start)" } ?? "?", help: $0.help)
        }
    }

    func first(_ text: String) -> Reported? { reported(text).first }

    @Test func statements() {
        #expect(first("gett contracts") == Reported(message: "expected 'get', 'explain' or 'let', found 'gett'", at: "gett#0", help: "did you mean 'get'?"))
        #expect(first("zones") == Reported(message: "expected 'get', 'explain' or 'let', found 'zones'", at: "zones#0", help: "a query starts with 'get': get zones …"))
        #expect(first("explain zones")?.message == "expected 'get' after 'explain', found 'zones'")
        #expect(first("explain")?.message == "expected 'get' after 'explain'")
        #expect(first("let $x = 1") == Reported(message: "write the name without '$'", at: "$x#4", help: "let x = …, then use it as $x"))
        #expect(first("let = 1")?.message == "expected a name after 'let', found '='")
        #expect(first("let x 1") == Reported(message: "expected '=', found the number 1", at: "1#6", help: "write let x = VALUE"))
        #expect(first("let x =")?.message == "expected a value after '='")
        #expect(first("let x = 1 2") == Reported(message: "expected the end of the statement, found the number 2", at: "2#10", help: "end a statement with ';' or a new line"))
        #expect(first("(") != nil)
    }

    @Test func sources() {
        #expect(first("get") == Reported(message: "expected a source after 'get'", at: "#3",
                                         help: "sources: contracts, conditions, prices, zones, orderprices, file 'PATH', stdin"))
        #expect(first("get 'contracts'")?.help == "source names are not quoted: get contracts …, or get file 'contracts'")
        #expect(first("get file rows.json") == Reported(message: "expected a quoted file path after 'file', found 'rows'", at: "rows#9", help: "give the path in quotes: file 'rows.json'"))
        #expect(first("get contracts foo") == Reported(message: "expected 'where' or '|', found 'foo'", at: "foo#14", help: nil))
        // After a bad source the stages are still read.
        #expect(reported("get 12 | limit x").count == 2)
    }

    @Test func stages() {
        #expect(first("get zones select supplier") == Reported(message: "expected '|' before 'select'", at: "select#10", help: "stages are separated by '|': … | select …"))
        #expect(first("get zones |")?.message == "expected a stage after '|'")
        #expect(first("get zones | | count")?.at == "|#12")
        #expect(first("get zones | selct x") == Reported(message: "unknown stage 'selct'", at: "selct#12", help: "did you mean 'select'?"))
        #expect(first("get zones | order by x")?.help == "did you mean 'sort'?")
        #expect(first("get zones | filter x = 1")?.help == "did you mean 'where'?")
        #expect(first("get zones | take 5")?.help == "did you mean 'limit'?")
        #expect(first("get zones | 5")?.message == "expected 'where', 'select', 'sort', 'limit', 'flatten' or … after '|', found the number 5")
        #expect(first("get zones | select")?.message == "expected '*' or a field after 'select'")
        #expect(first("get zones | select 'name'")?.help == "field names are not quoted: name")
        #expect(first("get zones | select a as")?.message == "expected a name after 'as'")
        #expect(first("get zones | select a b")?.message == "expected 'as', ',' or '|', found 'b'")
        #expect(first("get zones | select a.")?.message == "expected a field name after '.'")
        #expect(first("get zones | sort a up")?.message == "expected 'asc', 'desc', ',' or '|', found 'up'")
        #expect(first("get zones | limit -1")?.message == "a limit cannot be negative")
        #expect(first("get zones | limit 1.5")?.message == "a limit is a whole number, found the number 1.5")
        #expect(first("get zones | limit") == Reported(message: "expected a whole number after 'limit'", at: "#17", help: "write limit N, e.g. limit 10"))
        #expect(first("get zones | flatten")?.message == "expected a field after 'flatten'")
        #expect(first("get zones | count()") == Reported(message: "'count' as a stage takes no parentheses", at: "(#17",
                                                        help: "write '| count'; count() belongs in 'group by … with count()'"))
    }

    @Test func groups() {
        #expect(first("get zones | group supplier")?.message == "expected 'by' after 'group', found 'supplier'")
        #expect(first("get zones | group by")?.message == "expected a field after 'by'")
        #expect(first("get zones | group by a with")?.message == "expected an aggregate after 'with'")
        #expect(first("get zones | group by a with total(x)") == Reported(message: "unknown aggregate 'total'", at: "total#28",
                                                                         help: "aggregates: count(), sum(F), avg(F), min(F), max(F)"))
        #expect(first("get zones | group by a with summ(x)")?.help == "did you mean 'sum'?")
        #expect(first("get zones | group by a with count(x)") == Reported(message: "count() takes no field", at: "x#34", help: "count() counts the rows of each group"))
        #expect(first("get zones | group by a with sum x")?.message == "expected '(', found 'x'")
        #expect(first("get zones | group by a with sum(x | count") == Reported(message: "this '(' is never closed", at: "(#31",
                                                                              help: "add ')' to close the call opened here"))
        #expect(first("get zones | group by a with sum(x) as")?.message == "expected a name after 'as'")
    }

    @Test func predicates() {
        #expect(first("get zones where")?.message == "expected a field, 'not' or '(' after 'where'")
        #expect(first("get zones where x")?.message == "expected a comparison after 'x'")
        #expect(first("get zones where x (1)")?.help == "did you mean 'in (…)'?")
        #expect(first("get zones where x y") == Reported(message: "expected a comparison after 'x', found 'y'", at: "y#18",
                                                        help: "compare with =, !=, <, <=, >, >=, in (…), not in (…), contains, matches, is null or is not null"))
        #expect(first("get zones where x not = 1")?.help == "write 'FIELD not in (…)', or 'not FIELD = …' to negate a comparison")
        #expect(first("get zones where x is nul")?.message == "expected 'not' or 'null' after 'is', found 'nul'")
        #expect(first("get zones where x in 1") == Reported(message: "expected a list after 'in', found the number 1", at: "1#21",
                                                           help: "write a list in parentheses: in (1, 2, 3)"))
        #expect(first("get zones where (x = 1") == Reported(message: "this '(' is never closed", at: "(#16", help: "add ')' to close the group opened here"))
        #expect(first("get zones where x in ()") == Reported(message: "empty list", at: "()#21", help: "put at least one value in the list"))
        #expect(first("get zones where $p = 1")?.help == "a parameter is a value: write FIELD = $p")
        #expect(first("get zones where x = 1 and")?.message == "expected a field, 'not' or '(' after 'and'")
        #expect(first("get zones where x = 1 x = 2")?.message == "expected 'and', 'or' or '|', found 'x'")
    }

    @Test func values() {
        #expect(first("get zones where x =")?.message == "expected a value after '='")
        #expect(first("get zones where x = acme") == Reported(message: "expected a value, found 'acme'", at: "acme#20", help: "text is quoted: 'acme'"))
        #expect(first("get zones where x > 30d") == Reported(message: "a duration needs a starting point", at: "30d#20", help: "write today - 30d or now - 30d"))
        #expect(first("get zones where x > today - 30") == Reported(message: "expected a duration after '-', found the number 30", at: "30#28", help: "add a unit: 30d for days, 30h for hours"))
        #expect(first("get zones where x > -y")?.message == "expected a number after '-'")
        #expect(first("get zones where x > |")?.message == "expected a value after '>'")
        #expect(first("get zones where x = *")?.message == "expected a value after '=', found '*'")
    }

    @Test func recoveryReportsIndependentErrors() {
        let errors = reported("get contracts where (supplier = or text = 'x') and to > | select a,, b | sort | limit 'x' | group by a with nope()")
        #expect(errors.map(\.message) == [
            "expected a value, found 'or'",
            "expected a value after '>'",
            "expected a field after ','",
            "expected a field after 'sort'",
            "expected a whole number after 'limit', found the string 'x'",
            "unknown aggregate 'nope'",
        ])
        // List elements recover up to the next comma.
        #expect(reported("get zones where x in (1, , 3, foo)").map(\.message) == ["expected a value after ','", "expected a value, found 'foo'"])
    }

    @Test func entriesKeepGoodStatements() {
        let script = Parser.parseScript(SourceText("get zones\nget zones |\nget prices where nobb = 1; explain get x where\nlet a = 1"))
        #expect(script.entries.count == 5)
        #expect(script.entries.map { $0.statement != nil } == [true, false, true, false, true])
        #expect(script.entries[1].diagnostics.map(\.message) == ["expected a stage after '|'"])
        #expect(script.entries[2].span == SourceSpan(start: 22, end: 47))
        #expect(script.text(of: script.entries[2]) == "get prices where nobb = 1")
        #expect(script.statements.count == 3)
        #expect(script.hasErrors)
    }

    @Test func lexicalErrorsSuppressSecondReports() {
        let diagnostics = Parser.parseScript(SourceText("get zones where x = 2024-13-01")).diagnostics
        #expect(diagnostics.map(\.message) == ["invalid date '2024-13-01'"])
        #expect(diagnostics.map(\.kind) == [.lexical])
    }
}
