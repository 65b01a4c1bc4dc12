import Testing
@testable import NKQKit

/// The exact text users see for a representative set of errors.
@Suite struct DiagnosticRenderingTests {
    @Test func unknownSourceWithSuggestion() {
        #expect(renderedDiagnostics("get contrcts where supplier = 10012") == """
            error: unknown source 'contrcts'
             --> line 1, column 5
              |
            1 | get contrcts where supplier = 10012
              |     ^^^^^^^^
            help: did you mean 'contracts'?

            """)
    }

    /// Finding a diagnostic's line does not read the script before it: the errors of a long
    /// script render in linear time (20,000 took minutes when each one counted lines from the
    /// top, and take a fraction of a second now; the time limit only catches that difference).
    @Test(.timeLimit(.minutes(1))) func theErrorsOfALongScriptRenderInLinearTime() {
        let lines = 20_000
        let source = SourceText(String(repeating: "get contracts where\n", count: lines), name: "long.nkq")
        let width = "get contracts where".count
        let diagnostics = (0..<lines).map { line in
            Diagnostic.error(.syntax, "expected a field", at: SourceSpan(at: line * (width + 1) + width))
        }
        let rendered = DiagnosticRenderer().render(diagnostics, in: source)
        #expect(rendered.contains("--> long.nkq:20000:20\n"))
        #expect(rendered.contains("20000 | get contracts where\n"))
        #expect(source.location(of: 0) == (1, 1))
        #expect(source.location(of: source.characters.count) == (lines + 1, 1))
        #expect(source.line(lines + 1) == "" && source.line(lines + 2) == "")
    }

    @Test func scriptPositionAfterNonASCII() {
        // Columns count characters: 'blåbær' starts at column 11 and the caret row lines up.
        // (After a select, so that unknown names are errors before any call.)
        let text = "# æøå\nget contracts | select text, supplier\n  | where blåbær = 'æøå' and suplier = 10012\n"
        #expect(renderedDiagnostics(text, name: "report.nkq") == """
            error: unknown field 'blåbær'
             --> report.nkq:3:11
              |
            3 |   | where blåbær = 'æøå' and suplier = 10012
              |           ^^^^^^
            help: the rows here have 'text', 'supplier'
            error: unknown field 'suplier'
             --> report.nkq:3:30
              |
            3 |   | where blåbær = 'æøå' and suplier = 10012
              |                              ^^^^^^^
            help: did you mean 'supplier'?

            """)
    }

    @Test func recoveryReportsEveryStageError() {
        #expect(renderedDiagnostics("get contracts where supplier = | select foo,, | limit x") == """
            error: expected a value after '='
             --> line 1, column 32
              |
            1 | get contracts where supplier = | select foo,, | limit x
              |                                ^
            error: expected a field after ','
             --> line 1, column 45
              |
            1 | get contracts where supplier = | select foo,, | limit x
              |                                             ^
            error: expected a whole number after 'limit', found 'x'
             --> line 1, column 55
              |
            1 | get contracts where supplier = | select foo,, | limit x
              |                                                       ^
            help: write limit N, e.g. limit 10

            """)
    }

    @Test func unclosedList() {
        #expect(renderedDiagnostics("get contracts where supplier in (10012, 10017 | count") == """
            error: this '(' is never closed
             --> line 1, column 33
              |
            1 | get contracts where supplier in (10012, 10017 | count
              |                                 ^
            help: add ')' to close the list opened here

            """)
    }

    @Test func typeMismatches() {
        #expect(renderedDiagnostics("get contracts where approved >= 'x' and supplier in (1, 'a')") == """
            error: 'approved' is a timestamp, but 'x' is not a date
             --> line 1, column 33
              |
            1 | get contracts where approved >= 'x' and supplier in (1, 'a')
              |                                 ^^^
            help: write dates as 2024-01-31, timestamps as 2024-01-31T10:00:00Z, or today - 30d
            error: the list mixes number and text values
             --> line 1, column 53
              |
            1 | get contracts where approved >= 'x' and supplier in (1, 'a')
              |                                                     ^^^^^^^^
            help: use values of one type

            """)
    }

    @Test func sumOfText() {
        #expect(renderedDiagnostics("get prices | group by supplier with sum(currency)") == """
            error: sum() needs a number; 'currency' is a string
             --> line 1, column 41
              |
            1 | get prices | group by supplier with sum(currency)
              |                                         ^^^^^^^^
            help: use count() to count rows, or min()/max()

            """)
    }

    @Test func fieldGoneAfterSelect() {
        #expect(renderedDiagnostics("get contracts | select text | sort approved desc") == """
            error: 'approved' is not in the rows after 'select'
             --> line 1, column 36
              |
            1 | get contracts | select text | sort approved desc
              |                                    ^^^^^^^^
            help: add 'approved' to the select, or move the 'sort' before it

            """)
    }

    @Test func enumValueAndUnquotedText() {
        #expect(renderedDiagnostics("get conditions where level = 'itm'\nget contracts where text = acme", name: "q.nkq") == """
            error: 'itm' is not a valid 'level'
             --> q.nkq:1:30
              |
            1 | get conditions where level = 'itm'
              |                              ^^^^^
            help: did you mean 'item'?
            error: expected a value, found 'acme'
             --> q.nkq:2:28
              |
            2 | get contracts where text = acme
              |                            ^^^^
            help: text is quoted: 'acme'

            """)
    }

    @Test func requestInputOutsideTheFirstWhere() {
        #expect(renderedDiagnostics("get prices where nobb = 1 | where calculationDate > today") == """
            error: 'calculationDate' is a request input, not a field of the rows
             --> line 1, column 35
              |
            1 | get prices where nobb = 1 | where calculationDate > today
              |                                   ^^^^^^^^^^^^^^^
            help: use it only as 'calculationDate = VALUE' or 'calculationDate in (…)' in the where right after the source, joined with 'and'

            """)
    }

    @Test func unboundParameterAndWarning() {
        let text = "let suppliers = (10012, 10017)\nget contracts where supplier in $supplier and contractId is null"
        #expect(renderedDiagnostics(text, name: "s.nkq") == """
            error: unknown parameter '$supplier'
             --> s.nkq:2:33
              |
            2 | get contracts where supplier in $supplier and contractId is null
              |                                 ^^^^^^^^^
            help: did you mean '$suppliers'?
            warning: 'contractId' is never null
             --> s.nkq:2:47
              |
            2 | get contracts where supplier in $supplier and contractId is null
              |                                               ^^^^^^^^^^
            help: this condition is never true

            """)
    }

    @Test func lexicalErrors() {
        #expect(renderedDiagnostics("get contracts where to = 2024-02-30 and text = 'abc\\q' | where from > today - 30min") == """
            error: invalid date '2024-02-30'
             --> line 1, column 26
              |
            1 | get contracts where to = 2024-02-30 and text = 'abc\\q' | where from > today - 30min
              |                          ^^^^^^^^^^
            help: dates are written YYYY-MM-DD with a real month and day
            error: unknown escape '\\q'
             --> line 1, column 52
              |
            1 | get contracts where to = 2024-02-30 and text = 'abc\\q' | where from > today - 30min
              |                                                    ^^
            help: escapes are \\n \\t \\\\ \\' \\" and \\u{…}; write \\\\ for a backslash
            error: invalid number '30min'
             --> line 1, column 79
              |
            1 | get contracts where to = 2024-02-30 and text = 'abc\\q' | where from > today - 30min
              |                                                                               ^^^^^
            help: a duration is a whole number and one unit: h, d, w, m or y (e.g. 30d)

            """)
    }

    @Test func messagesQuotingLineBreaksOrTabsStayOnTheirLine() {
        let diagnostic = Diagnostic(kind: .unknownName, message: "unknown field 'a\nb\tc\u{7}'", span: nil)
        #expect(DiagnosticRenderer().render(diagnostic, in: nil) == "error: unknown field 'a␊b␉c␇'\n")
    }

    @Test func unterminatedStringInScript() {
        #expect(renderedDiagnostics("get contracts\nget contracts where text = 'open\n", name: "r.nkq") == """
            error: unterminated string
             --> r.nkq:2:28
              |
            2 | get contracts where text = 'open
              |                            ^
            help: add ' to close the string opened here

            """)
    }

    @Test func statementTypoAndMissingPipe() {
        #expect(renderedDiagnostics("gett contracts\nget zones select supplier") == """
            error: expected 'get', 'explain' or 'let', found 'gett'
             --> line 1, column 1
              |
            1 | gett contracts
              | ^^^^
            help: did you mean 'get'?
            error: expected '|' before 'select'
             --> line 2, column 11
              |
            2 | get zones select supplier
              |           ^^^^^^
            help: stages are separated by '|': … | select …

            """)
    }

    @Test func crlfLinesAndColor() {
        let text = "get contracts\r\nget contracts | flatten text\r\n"
        #expect(renderedDiagnostics(text, name: "w.nkq") == """
            error: cannot flatten 'text', a string
             --> w.nkq:2:25
              |
            2 | get contracts | flatten text
              |                         ^^^^
            help: arrays here: conditions

            """)
        let d = Diagnostic.error(.syntax, "x", at: SourceSpan(start: 0, end: 3), help: "y")
        let colored = DiagnosticRenderer(color: true).render(d, in: SourceText("get"))
        #expect(colored.contains("\u{1B}[1;31m^^^\u{1B}[0m") && colored.contains("\u{1B}[1;36mhelp\u{1B}[0m: y"))
    }
}
