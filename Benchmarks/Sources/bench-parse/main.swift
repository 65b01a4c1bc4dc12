// Lexing, parsing and analysis of a generated 10,000-line script, against two baselines in the
// same run: splitting the text into lines (the floor for touching every character) and lexing
// alone. Prints lines per second and the ratios. Run in release: `swift run -c release bench-parse`.
import NKQKit

let lineCount = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 10_000
let rounds = 7

/// A deterministic script of `lineCount` lines: one-line statements, multi-line pipelines,
/// comments, lets and parameters, non-ASCII text.
func makeScript(lines: Int) -> String {
    let oneLiners = [
        "get contracts where supplier in (10012, 10017) and approved >= 2024-01-01 | sort approved desc | select contractId, text",
        "get conditions where level = 'item' and active = true | flatten elements | where value < -10.5 | limit 50",
        "get prices where nobb in (12345678, 23456789) and calculationDate = today + 7d | select nobb, purchasePrice.value as price",
        "get zones | flatten zones | flatten postalCodes | select supplier, zoneId, name, from, to",
        "get orderprices where supplier = 10012 and gtin in ('7020012345678', '7020012345685') and deliveryPostalCode = '0150'",
        "get contracts where text contains 'blåbær' or text matches '^Avtale [0-9]+' | group by supplier with count(), max(lastModified) as last",
        "explain get contracts where lastModified >= now - 12h and not supplier = 10099 | count",
        "let suppliers = (10012, 10017, 10023)",
        "get contracts where supplier in $suppliers | distinct supplier",
        "# a comment line about æøå",
    ]
    let pipeline = [
        "get conditions",
        "  | where level in ('productGroup', 'item')",
        "    and zoneId is null",
        "  | flatten elements",
        "  | group by supplier, type with count(), avg(value) as average",
        "  | sort average",
    ]
    var out: [String] = []
    var i = 0
    while out.count < lines {
        if i % 5 == 4 {
            out += pipeline.prefix(lines - out.count)
        } else {
            out.append(oneLiners[i % oneLiners.count])
        }
        i += 1
    }
    return out.joined(separator: "\n") + "\n"
}

/// Best of `rounds` runs, in seconds.
func time(_ body: () -> Int) -> (seconds: Double, check: Int) {
    let clock = ContinuousClock()
    var best = Double.infinity
    var check = 0
    for _ in 0..<rounds {
        let start = clock.now
        check = body()
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        best = min(best, seconds)
    }
    return (best, check)
}

let text = makeScript(lines: lineCount)
let characters = text.count

let split = time { text.split(separator: "\n", omittingEmptySubsequences: false).count }
let lexOnly = time { Lexer.tokenize(SourceText(text)).tokens.count }
let full = time {
    let script = Parser.parseScript(SourceText(text, name: "bench.nkq"))
    var analyzer = Analyzer()
    let analyses = analyzer.analyzeInOrder(script.statements)
    return script.statements.count + analyses.reduce(0) { $0 + $1.diagnostics.count }
}
// The generated script must be valid, or the run measures error paths instead.
let parsed = Parser.parseScript(SourceText(text, name: "bench.nkq"))
var checkAnalyzer = Analyzer()
let diagnostics = parsed.diagnostics + checkAnalyzer.analyzeInOrder(parsed.statements).flatMap(\.diagnostics)
let problems = diagnostics.count
if let first = diagnostics.first { print(DiagnosticRenderer().render(first, in: parsed.source)) }

func rate(_ seconds: Double) -> String {
    let perSecond = Double(lineCount) / seconds
    return perSecond >= 1_000_000 ? "\(Int(perSecond / 1000).formattedThousands) k lines/s" : "\(Int(perSecond).formattedThousands) lines/s"
}

extension Int {
    var formattedThousands: String {
        let digits = Array(String(self))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += "," }
            out.append(d)
        }
        return out
    }
}

func ms(_ s: Double) -> String {
    let v = (s * 10_000).rounded() / 10
    return "\(v) ms"
}

print("bench-parse: \(lineCount) lines, \(characters) characters, \(parsed.statements.count) statements, \(problems) diagnostics (expected 0)")
print("  split into lines        \(ms(split.seconds))\t\(rate(split.seconds))")
print("  lex only                \(ms(lexOnly.seconds))\t\(rate(lexOnly.seconds))")
print("  lex + parse + analyze   \(ms(full.seconds))\t\(rate(full.seconds))")
print("  ratio full / lex only   \((full.seconds / lexOnly.seconds * 100).rounded() / 100)x")
print("  ratio full / split      \((full.seconds / split.seconds * 10).rounded() / 10)x")
