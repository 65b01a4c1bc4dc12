import Foundation
import Testing
@testable import NKQKit

/// docs/language.md must agree with the code: its resource tables are the schema's, its
/// grammar names every stage, and every `nkq` example in it parses and analyzes cleanly.
@Suite struct LanguageDocTests {
    static let docURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/language.md")
    static let begin = "<!-- schema:begin (generated from Schema by Schema.markdownReference(); NKQ_UPDATE_DOCS=1 swift test --filter LanguageDocTests rewrites it) -->\n"
    static let end = "<!-- schema:end -->"

    func document() throws -> String {
        try String(contentsOf: Self.docURL, encoding: .utf8)
    }

    @Test func resourceTablesMatchTheSchema() throws {
        var doc = try document()
        guard let b = doc.range(of: Self.begin), let e = doc.range(of: Self.end, range: b.upperBound..<doc.endIndex) else {
            Issue.record("docs/language.md has no schema markers")
            return
        }
        let expected = "\n" + Schema.markdownReference() + "\n"
        let actual = String(doc[b.upperBound..<e.lowerBound])
        if actual != expected, ProcessInfo.processInfo.environment["NKQ_UPDATE_DOCS"] == "1" {
            doc.replaceSubrange(b.upperBound..<e.lowerBound, with: expected)
            try doc.write(to: Self.docURL, atomically: true, encoding: .utf8)
            return
        }
        #expect(actual == expected, "docs/language.md's resource tables differ from Schema; run NKQ_UPDATE_DOCS=1 swift test --filter LanguageDocTests")
        // Every path the schema knows is documented, and nothing else: the first column of the
        // tables, with the `[]` array markers taken out, is exactly the schema's paths.
        var documented = Set<String>()
        for line in actual.split(separator: "\n") where line.hasPrefix("| `") {
            let cell = line.dropFirst(3).prefix { $0 != "`" }
            documented.insert(cell.replacingOccurrences(of: "[]", with: ""))
        }
        let known = Set(Schema.resources.flatMap { r in r.allPaths.filter { r.aliases[$0] == nil } })
        #expect(documented == known, "missing: \(known.subtracting(documented)), extra: \(documented.subtracting(known))")
    }

    @Test func grammarNamesEveryStageAndSource() throws {
        let doc = try document()
        guard let start = doc.range(of: "```ebnf"), let stop = doc.range(of: "```", range: start.upperBound..<doc.endIndex) else {
            Issue.record("no EBNF block")
            return
        }
        let grammar = doc[start.upperBound..<stop.lowerBound]
        for keyword in Parser.stageKeywords + Parser.statementKeywords + Schema.resources.map(\.name) + ["stdin", "file", "asc", "desc", "by", "with"] {
            #expect(grammar.contains("\"\(keyword)\""), "\(keyword)")
        }
        for f in Aggregate.Function.allCases { #expect(grammar.contains("\"\(f.rawValue)\""), "\(f)") }
        for op in Predicate.Comparison.allCases { #expect(grammar.contains("\"\(op.rawValue)\""), "\(op.rawValue)") }
        for unit in Expr.TimeUnit.allCases { #expect(grammar.contains("\"\(unit.rawValue)\""), "\(unit.rawValue)") }
    }

    @Test func examplesParseAndAnalyze() throws {
        let doc = try document()
        var examples: [String] = []
        var rest = doc[...]
        while let open = rest.range(of: "```nkq\n") {
            guard let close = rest.range(of: "```", range: open.upperBound..<rest.endIndex) else { break }
            examples.append(String(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        #expect(examples.count >= 10)
        for example in examples {
            let source = SourceText(example, name: "language.md")
            let script = Parser.parseScript(source)
            var analyzer = Analyzer(bindings: ["since": .date(year: 2024, month: 1, day: 1, span: noSpan)])
            let diagnostics = script.diagnostics + analyzer.analyzeInOrder(script.statements).flatMap(\.diagnostics)
            #expect(diagnostics.isEmpty, "\(DiagnosticRenderer().render(diagnostics, in: source))")
        }
    }
}
