// Lexing, parsing and analysis of a generated 10,000-line script, against two baselines in the
// same run: splitting the text into lines (the floor for touching every character) and lexing
// alone. Prints lines per second and the ratios.
import NKQKit

enum ParseBenchmark {
    static let rounds = 7

    static func run(_ arguments: [String]) throws {
        let lineCount = Int(arguments.first ?? "") ?? 10_000
        let text = makeScript(lines: lineCount)
        let split = Measure.best(of: rounds) { text.split(separator: "\n", omittingEmptySubsequences: false).count }
        let lexOnly = Measure.best(of: rounds) { Lexer.tokenize(SourceText(text)).tokens.count }
        let full = Measure.best(of: rounds) {
            let script = Parser.parseScript(SourceText(text, name: "bench.nkq"))
            var analyzer = Analyzer()
            let analyses = analyzer.analyzeInOrder(script.statements)
            return script.statements.count + analyses.reduce(0) { $0 + $1.diagnostics.count }
        }
        // The generated script must be valid, or the run measures error paths instead.
        let parsed = Parser.parseScript(SourceText(text, name: "bench.nkq"))
        var checkAnalyzer = Analyzer()
        let diagnostics = parsed.diagnostics + checkAnalyzer.analyzeInOrder(parsed.statements).flatMap(\.diagnostics)
        if let first = diagnostics.first { print(DiagnosticRenderer().render(first, in: parsed.source)) }

        func rate(_ seconds: Double) -> String {
            let perSecond = Double(lineCount) / seconds
            return perSecond >= 1_000_000 ? "\(Int(perSecond / 1000).formattedThousands) k lines/s" : "\(Int(perSecond).formattedThousands) lines/s"
        }
        func ms(_ s: Double) -> String { "\((s * 10_000).rounded() / 10) ms" }

        print("nkq-bench parse: \(lineCount) lines, \(text.count) characters, \(parsed.statements.count) statements, \(diagnostics.count) diagnostics (expected 0)")
        print("  split into lines        \(ms(split.seconds))\t\(rate(split.seconds))")
        print("  lex only                \(ms(lexOnly.seconds))\t\(rate(lexOnly.seconds))")
        print("  lex + parse + analyze   \(ms(full.seconds))\t\(rate(full.seconds))")
        print("  ratio full / lex only   \((full.seconds / lexOnly.seconds * 100).rounded() / 100)x")
        print("  ratio full / split      \((full.seconds / split.seconds * 10).rounded() / 10)x")
    }

    /// A deterministic script of `lineCount` lines: one-line statements, multi-line pipelines,
    /// comments, lets and parameters, non-ASCII text.
    static func makeScript(lines: Int) -> String {
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
}
