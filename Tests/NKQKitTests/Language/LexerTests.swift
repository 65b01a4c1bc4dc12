import Testing
@testable import NKQKit

@Suite struct LexerTests {
    func kinds(_ text: String) -> [Token.Kind] {
        Lexer.tokenize(SourceText(text)).tokens.map(\.kind)
    }

    func errors(_ text: String) -> [String] {
        Lexer.tokenize(SourceText(text)).diagnostics.map(\.message)
    }

    @Test func wordsNumbersAndSymbols() {
        #expect(kinds("GET x_1 = != < <= > >= ( ) , . | ; * + -") == [
            .word("GET"), .word("x_1"), .symbol(.equal), .symbol(.notEqual), .symbol(.less), .symbol(.lessOrEqual),
            .symbol(.greater), .symbol(.greaterOrEqual), .symbol(.leftParen), .symbol(.rightParen), .symbol(.comma),
            .symbol(.dot), .symbol(.pipe), .symbol(.semicolon), .symbol(.star), .symbol(.plus), .symbol(.minus), .end,
        ])
        #expect(kinds("12 0.50 30d 2H 1w 6m 1y $sup") == [
            .integer(12), .decimal("0.50"), .duration(30, .day), .duration(2, .hour), .duration(1, .week),
            .duration(6, .month), .duration(1, .year), .parameter("sup"), .end,
        ])
        #expect(Lexer.tokenize(SourceText("a.b")).tokens.map(\.span) == [SourceSpan(start: 0, end: 1), SourceSpan(start: 1, end: 2), SourceSpan(start: 2, end: 3), SourceSpan(at: 3)])
    }

    @Test func datesAndTimestamps() {
        #expect(kinds("2024-01-31 2024-02-29") == [.date(year: 2024, month: 1, day: 31), .date(year: 2024, month: 2, day: 29), .end])
        for t in ["2024-01-31T10:00:00Z", "2024-01-31T10:00:00.123456Z", "2024-01-31T10:00:00+01:00", "2024-01-31T10:00", "2024-01-31T23:59:60-05:30"] {
            #expect(kinds(t) == [.timestamp(t), .end], "\(t)")
        }
        #expect(errors("2023-02-29") == ["invalid date '2023-02-29'"])
        #expect(errors("2024-13-01") == ["invalid date '2024-13-01'"])
        #expect(errors("2024-01-31T25:00:00Z") == ["invalid timestamp '2024-01-31T25:00:00Z'"])
        #expect(errors("2024-01-31T10:00:00Zx") == ["invalid timestamp '2024-01-31T10:00:00Zx'"])
        // A date minus a number is not a date.
        #expect(kinds("2024-1-31") == [.integer(2024), .symbol(.minus), .integer(1), .symbol(.minus), .integer(31), .end])
    }

    @Test func stringsAndEscapes() {
        #expect(kinds(#"'a\'b' "c\"d" 'x\ny\tz\\' '\u{E6}\u{1F600}'"#) == [
            .string("a'b", quote: "'", closed: true), .string("c\"d", quote: "\"", closed: true),
            .string("x\ny\tz\\", quote: "'", closed: true), .string("æ😀", quote: "'", closed: true), .end,
        ])
        #expect(kinds("'multi\nline'") == [.string("multi\nline", quote: "'", closed: true), .end])
        #expect(kinds("'open") == [.string("open", quote: "'", closed: false), .end])
        #expect(errors("'open") == ["unterminated string"])
        #expect(errors(#"'\q'"#) == [#"unknown escape '\q'"#])
        #expect(errors("'a\\\nb'") == ["a backslash at the end of a line is not an escape"])
        #expect(errors(#"'\u{ZZ}' '\u{110000}'"#) == ["invalid unicode escape", "invalid unicode escape"])
        #expect(errors(#"'\"#) == ["unterminated string"])
    }

    @Test func commentsAndNewlines() {
        #expect(kinds("get # a comment | select\nx\r\ny\rz") == [.word("get"), .newline, .word("x"), .newline, .word("y"), .newline, .word("z"), .end])
        #expect(kinds("'#not a comment'") == [.string("#not a comment", quote: "'", closed: true), .end])
    }

    @Test func columnsCountCharacters() {
        let tokens = Lexer.tokenize(SourceText("æøå = 'blåbær' x")).tokens
        #expect(tokens.map(\.span) == [SourceSpan(start: 0, end: 3), SourceSpan(start: 4, end: 5), SourceSpan(start: 6, end: 14), SourceSpan(start: 15, end: 16), SourceSpan(at: 16)])
        // A combining sequence and a flag are one character each.
        let composed = Lexer.tokenize(SourceText("e\u{301} 🇳🇴 x")).tokens
        #expect(composed.last?.span == SourceSpan(at: 5))
        #expect(SourceText("ab\r\ncd").location(of: 4) == (line: 2, column: 2))
    }

    @Test func lexicalErrorsAreDiagnostics() {
        #expect(errors("a == b") == ["'==' is not an operator"])
        #expect(errors("a <> b") == ["'<>' is not an operator"])
        #expect(errors("!a") == ["unexpected '!'"])
        #expect(errors("$ 1") == ["expected a parameter name after '$'"])
        #expect(errors("a ` b @") == ["unexpected character '`'", "unexpected character '@'"])
        #expect(errors("30min 12abc 1.5x") == ["invalid number '30min'", "invalid number '12abc'", "invalid number '1.5x'"])
        #expect(errors("99999999999999999999") == ["number too large"])
        #expect(errors("99999999999999999999d") == ["number too large"])
        #expect(kinds("a == b") == [.word("a"), .symbol(.equal), .word("b"), .end])
        #expect(Lexer.tokenize(SourceText("a ` b")).diagnostics.allSatisfy { $0.kind == .lexical })
    }
}
