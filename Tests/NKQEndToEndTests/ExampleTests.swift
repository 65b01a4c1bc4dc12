import Foundation
import NKQTestSupport
import Testing

/// Every nkq example in README.md, docs/*.md and `.help` runs as written against the
/// simulator: an example that fails is a failing test.
///
/// What counts as an example: a fenced block marked `nkq` (a script chunk); the README tour's
/// `nkq(sim)> ` lines (with their `|…> ` continuation lines); `scripts/run …` lines in `sh`
/// blocks (with their flags, status as the comment says, `exit N`); the examples of `.help
/// examples`. They run in a folder that holds `contracts.json` and `contracts.ndjson` (rows of
/// supplier 10004) and the spreadsheet `items.csv`, which the file examples read.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct ExampleTests {
    struct Example: CustomStringConvertible {
        var origin: String
        /// Statement text for `-c`, or nil when `arguments` is the whole command line.
        var text: String?
        var arguments: [String] = []
        var status: Int32 = 0
        var description: String { origin + ": " + (text ?? arguments.joined(separator: " ")) }
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static func documents() -> [(name: String, text: String)] {
        let docs = (try? FileManager.default.contentsOfDirectory(atPath: root + "/docs")) ?? []
        return (["README.md"] + docs.filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }).compactMap { name in
            (try? String(contentsOfFile: root + "/" + name, encoding: .utf8)).map { (name, $0) }
        }
    }

    /// The examples of one markdown text.
    static func examples(in markdown: String, name: String) -> [Example] {
        var out: [Example] = []
        var fence: String?
        var block: [String] = []
        var blockStart = 0
        for (n, line) in markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("```") {
                if let kind = fence {
                    out += examples(inBlock: block, kind: kind, origin: "\(name):\(blockStart)")
                    fence = nil
                } else {
                    fence = String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces)
                    block = []
                    blockStart = n + 2
                }
            } else if fence != nil {
                block.append(String(line))
            }
        }
        return out
    }

    static func examples(inBlock lines: [String], kind: String, origin: String) -> [Example] {
        switch kind {
        case "nkq":
            return [Example(origin: origin, text: lines.joined(separator: "\n"))]
        case "sh":
            return lines.enumerated().compactMap { k, line in
                guard line.hasPrefix("scripts/run "), !line.hasPrefix("scripts/run sim") else { return nil }
                var command = line
                var status: Int32 = 0
                if let hash = line.range(of: "  #") {
                    command = String(line[..<hash.lowerBound])
                    if let exit = line[hash.upperBound...].range(of: #"exit (\d+)"#, options: .regularExpression) {
                        status = Int32(line[exit].dropFirst(5)) ?? 0
                    }
                }
                return Example(origin: "\(origin)+\(k)", text: nil, arguments: shellWords(String(command.dropFirst("scripts/run ".count))),
                               status: status)
            }
        case "":
            // The REPL tour: prompts and continuation prompts.
            var out: [Example] = []
            for (k, line) in lines.enumerated() {
                if let range = line.range(of: #"^nkq\([a-z0-9.]+\)> "#, options: .regularExpression) {
                    out.append(Example(origin: "\(origin)+\(k)", text: String(line[range.upperBound...])))
                } else if let range = line.range(of: #"^ +[|(,…a-z]*…> "#, options: .regularExpression), !out.isEmpty {
                    out[out.count - 1].text! += "\n" + line[range.upperBound...]
                }
            }
            return out
        default:
            return []
        }
    }

    /// Words of a command line as sh would split them (quotes, no expansion); a redirection
    /// ends the words.
    static func shellWords(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character?
        var inWord = false
        for c in line {
            if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
            } else if c == "'" || c == "\"" {
                quote = c
                inWord = true
            } else if c == " " {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else if c == ">" && !inWord {
                return words
            } else {
                current.append(c)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }

    /// `.help examples`: an example starts at two spaces of indent, goes on at more.
    static func helpExamples(_ text: String) -> [Example] {
        var out: [Example] = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("  "), !line.hasPrefix("   ") {
                out.append(Example(origin: ".help examples", text: line.trimmingCharacters(in: .whitespaces)))
            } else if line.hasPrefix("   "), !out.isEmpty {
                out[out.count - 1].text! += "\n" + line.trimmingCharacters(in: .whitespaces)
            }
        }
        return out
    }

    let nkq = NKQProcess()
    let demo = ["NKQ_CLIENT_ID": "demo", "NKQ_CLIENT_SECRET": "demo-secret"]

    @Test func everyExampleRuns() async throws {
        // One simulator with room for every example's calls, so that none waits for a window.
        let sim = try SimProcess(["--rate-limit", "1000000/60"])
        defer { withExtendedLifetime(sim) {} }
        let folder = nkq.home.path + "/examples"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (file, format) in [("contracts.json", "json"), ("contracts.ndjson", "ndjson")] {
            let rows = try await nkq.run(sim.target + ["--format", format, "-c", "get contracts where supplier = 10004"], environment: demo)
            try #require(rows.status == 0, "\(rows.stderr)")
            nkq.home.write("examples/" + file, rows.stdout)
        }
        // docs/language.md's spreadsheet, as Excel saves it.
        nkq.home.write("examples/items.csv", "nobb;navn;antall\r\n40000112;Terrassebord furu 28x120;12,5\r\n40000149;Skrue rustfri 5x60;200\r\n")

        let help = try await nkq.run(["-c", ".help examples"])
        var examples = Self.helpExamples(help.stdout)
        #expect(examples.count >= 4, "\(help.stdout)")
        for document in Self.documents() {
            examples += Self.examples(in: document.text, name: document.name)
        }
        #expect(examples.count >= 25, "only \(examples.count) examples found")
        #expect(examples.contains { $0.origin.hasPrefix("README.md") && $0.text != nil })
        #expect(examples.contains { $0.origin.hasPrefix("README.md") && $0.text == nil })

        for example in examples {
            let arguments: [String]
            if let text = example.text {
                arguments = sim.target + ["--format", "json", "-c", text]
            } else {
                arguments = sim.target + example.arguments
            }
            let result = try await nkq.run(arguments, environment: demo, directory: folder)
            #expect(result.status == example.status, "\(example)\n\(result.stderr)")
        }
    }

    @Test func theExtractorFindsTheKindsOfExample() {
        let markdown = """
        ```nkq
        get zones
          | count
        ```
        ```
        nkq(sim)> get contracts |
              |…> count
        nkq(sim)> .fields contracts
        ```
        ```sh
        scripts/run -c 'get zones' --format csv
        scripts/run --max-calls 5 -c 'get contracts'        # refused before any call: exit 3
        scripts/run sim --port 0
        ```
        """
        let found = Self.examples(in: markdown, name: "x.md")
        #expect(found.map(\.text) == ["get zones\n  | count", "get contracts |\ncount", ".fields contracts", nil, nil])
        #expect(found[3].arguments == ["-c", "get zones", "--format", "csv"])
        #expect(found[4].status == 3)
        let help = Self.helpExamples("  get a where b = 1\n    | select c\n  explain get a\n")
        #expect(help.map(\.text) == ["get a where b = 1\n| select c", "explain get a"])
    }
}
