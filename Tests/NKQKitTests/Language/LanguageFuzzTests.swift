import Testing
@testable import NKQKit
// The simulator's SplitMix64 generator: a failing input can be reproduced from the seed.
@testable import NKQSimulator

/// Pushes 100,000 random and mutated inputs through lexer, parser, analyzer and completion:
/// nothing may trap or hang, and every diagnostic's span must lie inside its input.
@Suite struct LanguageFuzzTests {
    // Short statements that together use every production; the fuzzer mutates them.
    static let valid = [
        "get contracts where supplier in (10012, 10017) and approved >= 2024-01-01",
        "get contracts | select contractId, text | sort approved desc",
        "get conditions | where level = 'item' and not active = false",
        "get conditions | select conditionId as id, quantity.unit | limit 5",
        "get prices where nobb in (1, 2) and calculationDate = today + 1d",
        "get prices | group by supplier with count(), avg(purchasePrice.value) as a",
        "get zones | flatten zones | flatten postalCodes | distinct from, to | count",
        "get orderprices where gtin in ('7020', \"7021\") | where error is not null",
        "explain get contracts where lastModified > now - 2h or text = 'æøå'",
        "get contracts where (text contains 'æ' and text matches '^[A-Z]')",
        "let s = (10012, 10017)\nget contracts where supplier in $s | select *",
        "get file 'rows.json' | where a.b.c != -1.5 | sort x asc, y desc",
        "get stdin | group by k with sum(v), min(v), max(w) as m | distinct",
        "get contracts |\n  flatten conditions\n  | where zoneId is null # c\n",
        "get contracts where to >= '2024-01-31T10:00:00+01:00'",
        "get contracts where from < 2024-02-29T23:59:59.5Z",
        "get contracts; get zones; let x = 'a\\'b\\u{E6}'",
    ]

    static let vocabulary = [
        "get", "explain", "let", "where", "select", "as", "sort", "asc", "desc", "limit", "flatten", "distinct", "count",
        "group", "by", "with", "and", "or", "not", "in", "contains", "matches", "is", "null", "true", "false", "today", "now",
        "file", "stdin", "contracts", "conditions", "prices", "zones", "orderprices", "supplier", "text", "level",
        "purchasePrice.value", "calculationDate", "elements", "sum(", "count()", "=", "!=", "<", "<=", ">", ">=", "==", "<>",
        "(", ")", ",", ".", "|", ";", "*", "+", "-", "!", "$", "$s", "$nope", "#", "'", "\"", "\\", "\\u{", "'x'", "\"y\"",
        "12", "-3", "0.5", "1.", "99999999999999999999", "2024-01-31", "2024-02-30", "2024-01-31T10:00:00Z", "2024-01-31T", "2024-12-31T23:30:00-01:00", "T10:00:00.5+01:00",
        "30d", "2h", "5x", "æøå", "blåbær", "🇳🇴", "e\u{301}", "\n", "\r\n", "\r", "\t", " ", "  ", "`", "@", "\u{0}",
    ]

    static let multibyte: [Character] = ["æ", "ø", "å", "🇳🇴", "e\u{301}", "\u{200B}", "€", "\r\n", "😀"]

    func mutate(_ input: [Character], _ rng: inout SeededGenerator) -> [Character] {
        var chars = input
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            let position = chars.isEmpty ? 0 : Int.random(in: 0...chars.count, using: &rng)
            switch Int.random(in: 0..<7, using: &rng) {
            case 0 where !chars.isEmpty: // delete a run of characters
                let end = min(chars.count, position + Int.random(in: 1...6, using: &rng))
                chars.removeSubrange(min(position, chars.count)..<end)
            case 1: // insert a token
                chars.insert(contentsOf: Array(Self.vocabulary.randomElement(using: &rng)!), at: position)
            case 2: // insert a multi-byte character
                chars.insert(Self.multibyte.randomElement(using: &rng)!, at: position)
            case 3 where chars.count > 1: // swap two characters
                let a = Int.random(in: 0..<chars.count, using: &rng), b = Int.random(in: 0..<chars.count, using: &rng)
                chars.swapAt(a, b)
            case 4: // swap two words
                var words = String(chars).split(separator: " ", omittingEmptySubsequences: false).map(String.init)
                if words.count > 1 {
                    words.swapAt(Int.random(in: 0..<words.count, using: &rng), Int.random(in: 0..<words.count, using: &rng))
                    chars = Array(words.joined(separator: " "))
                }
            case 5: // delete a word
                var words = String(chars).split(separator: " ", omittingEmptySubsequences: false).map(String.init)
                if !words.isEmpty {
                    words.remove(at: Int.random(in: 0..<words.count, using: &rng))
                    chars = Array(words.joined(separator: " "))
                }
            default: // truncate
                chars = Array(chars.prefix(position))
            }
        }
        return chars
    }

    func randomInput(_ rng: inout SeededGenerator) -> [Character] {
        var text = ""
        for _ in 0..<Int.random(in: 1...14, using: &rng) {
            text += Self.vocabulary.randomElement(using: &rng)!
            if Bool.random(using: &rng) { text += " " }
        }
        return Array(text)
    }

    @Test func seedsAreValid() {
        for text in Self.valid {
            let script = Parser.parseScript(SourceText(text))
            #expect(script.diagnostics.isEmpty, "\(text): \(script.diagnostics.map(\.message))")
        }
    }

    @Test func hundredThousandInputs() {
        var rng = SeededGenerator(seed: 0x6E6B71)
        let bindings: [String: Expr] = ["s": Parser.parameterValue("10012,10017"), "t": Parser.parameterValue("today - 3d")]
        let oracle = CompletionOracle(parameters: ["s", "t"], suppliers: ["10012"], directory: "/nonexistent-nkq-fuzz")
        let seeds = Self.valid.map(Array.init)
        var checked = 0
        var diagnosticsSeen = 0
        var outOfRange: [String] = []
        for i in 0..<100_000 {
            let chars = i % 4 == 0 ? randomInput(&rng) : mutate(seeds[i % seeds.count], &rng)
            let source = SourceText(String(chars))
            let count = source.characters.count
            let script = Parser.parseScript(source)
            var diagnostics = script.diagnostics
            var analyzer = Analyzer(bindings: bindings)
            for analysis in analyzer.analyzeInOrder(script.statements) { diagnostics += analysis.diagnostics }
            for d in diagnostics {
                guard let span = d.span, 0 <= span.start, span.start <= span.end, span.end <= count else {
                    if outOfRange.count < 5 { outOfRange.append("\(d.message) \(String(describing: d.span)) in \(String(chars).debugDescription)") }
                    continue
                }
            }
            for entry in script.entries where !(0 <= entry.span.start && entry.span.end <= count) {
                if outOfRange.count < 5 { outOfRange.append("entry \(entry.span) in \(String(chars).debugDescription)") }
            }
            diagnosticsSeen += diagnostics.count
            if i % 16 == 0 {
                let cursor = Int.random(in: 0...count, using: &rng)
                for c in oracle.completions(for: source.text, cursor: cursor) where c.replacementLength > cursor {
                    if outOfRange.count < 5 { outOfRange.append("completion \(c) at \(cursor) in \(source.text.debugDescription)") }
                }
                _ = StatementSplitter.openState(source.text)
                // The same text as a --param value.
                if case .list(let items, _) = Parser.parameterValue(source.text), items.isEmpty { outOfRange.append("empty list from a param") }
            }
            if i % 64 == 0 { _ = DiagnosticRenderer().render(diagnostics, in: source) }
            checked += 1
        }
        #expect(checked == 100_000)
        #expect(outOfRange.isEmpty, "\(outOfRange)")
        // The inputs are mostly broken: the run must have exercised the error paths.
        #expect(diagnosticsSeen > 50_000)
    }
}
