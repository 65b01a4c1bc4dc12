import Testing
@testable import NKQKit

@Suite struct TextWidthTests {
    @Test(arguments: [
        ("", 0),
        ("abc", 3),
        ("æøå ÆØÅ", 7),
        ("Ålesund", 7),
        ("東京", 4),
        ("ｶﾀｶﾅ", 4),            // halfwidth katakana: 1 each
        ("ＡＢ", 4),             // fullwidth Latin: 2 each
        ("한국어", 6),
        ("😀", 2),
        ("🔨 hammer", 9),
        ("👨‍👩‍👧", 2),           // ZWJ family: one glyph
        ("🇳🇴", 2),             // flag: two regional indicators, one glyph
        ("❤️", 2),              // text-default heart with VS16: emoji presentation
        ("❤", 1),               // without VS16: text presentation
        ("1️⃣", 2),             // keycap sequence
        ("e\u{301}", 1),        // e + combining acute
        ("a\u{200B}b", 2),      // zero width space
        ("\u{1B}[1mbold\u{1B}[22m", 4),
        ("\u{1B}[38;5;196mred\u{1B}[0m æ", 5),
        ("tab\there", 7),       // controls count 0
    ])
    func visibleWidth(text: String, expected: Int) {
        #expect(TextWidth.visibleWidth(text) == expected)
    }

    @Test func truncateKeepsWithinWidthAndMarksTheCut() {
        #expect(TextWidth.truncate("Rørlegger", to: 6) == "Rørle…")
        #expect(TextWidth.truncate("Rørlegger", to: 9) == "Rørlegger")
        // A wide character that would straddle the edge is left out, not split.
        #expect(TextWidth.truncate("東京建材", to: 6) == "東京…")
        #expect(TextWidth.visibleWidth(TextWidth.truncate("東京建材", to: 6)) == 5)
        #expect(TextWidth.truncate("abcdef", to: 5, ellipsis: "...") == "ab...")
        #expect(TextWidth.truncate("abcdef", to: 0) == "")
    }

    @Test func wrapSplitsByColumnsNotBytes() {
        #expect(TextWidth.wrap("abcdefg", to: 3) == ["abc", "def", "g"])
        #expect(TextWidth.wrap("東京建材", to: 5) == ["東京", "建材"])
        #expect(TextWidth.wrap("æøåæøå", to: 3) == ["æøå", "æøå"])
    }

    @Test func padUsesVisibleWidth() {
        #expect(TextWidth.pad("東", to: 4) == "東  ")
        #expect(TextWidth.pad("7", to: 3, alignRight: true) == "  7")
        #expect(TextWidth.pad("\u{1B}[1mx\u{1B}[22m", to: 2) == "\u{1B}[1mx\u{1B}[22m ")
    }

    @Test func sanitizeMakesControlsVisible() {
        #expect(ValueText.sanitize("a\nb\u{1B}[2J", ascii: false) == "a␊b␛[2J")
        #expect(ValueText.sanitize("a\nb\u{7F}", ascii: true) == "a^Jb^?")
        #expect(ValueText.sanitize("x\u{9B}y", ascii: false) == "x\\u{9b}y")
        #expect(ValueText.sanitize("æøå 東京", ascii: false) == "æøå 東京")
    }

    @Test func nestedSummaries() {
        #expect(ValueText.summary([1, 2, 3], field: "conditions", ascii: false) == "[3 conditions]")
        #expect(ValueText.summary([1], field: "conditions", ascii: false) == "[1 condition]")
        #expect(ValueText.summary([1], field: "discountElements", ascii: false) == "[1 discountElement]")
        #expect(ValueText.summary([1, 2], field: "priceEntries", ascii: false) == "[2 priceEntries]")
        #expect(ValueText.summary([1], field: "priceEntries", ascii: false) == "[1 priceEntry]")
        #expect(ValueText.summary([1], field: "addresses", ascii: false) == "[1 address]")
        #expect(ValueText.summary([1, 2], field: "data", ascii: false) == "[2 items]")
        #expect(ValueText.summary([1], field: "class", ascii: false) == "[1 item]")
        #expect(ValueText.summary([], field: "conditions", ascii: false) == "[]")
        #expect(ValueText.summary(["value": 120.5], field: "price", ascii: false) == "{value: 120.5}")
        let wide: JSONValue = ["value": 120.5, "currency": "NOK", "unit": "STK", "validFrom": "2024-01-01"]
        #expect(ValueText.summary(wide, field: "price", ascii: false) == "{value: 120.5, currency: \"NOK\", …}")
        #expect(ValueText.summary(wide, field: "price", ascii: true) == "{value: 120.5, currency: \"NOK\", ...}")
        #expect(ValueText.summary(["a": [1, 2], "b": ["c": 1]], field: "x", ascii: false) == "{a: [2], b: {…}}")
        #expect(ValueText.summary([:], field: "x", ascii: false) == "{}")
    }
}
