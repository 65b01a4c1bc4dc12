import Testing
@testable import NKQKit

@Suite struct TOMLDocumentTests {
    private func parse(_ text: String) throws(ShellError) -> TOMLDocument {
        try TOMLDocument.parse(SourceText(text, name: "config.toml"))
    }

    private func failure(_ text: String) -> String? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error.rendered()
        }
    }

    @Test func readsTablesStringsIntegersBooleansAndComments() throws {
        let doc = try parse("""
        # nkq profiles
        [profile.prod]   # the real one
        endpoint = "https://api.example.no/nobbkontrakt"
        token_url = 'C:\\literal\\path'
        retries = 1_000
        verbose = true
        quiet=false

        [profile."test env"]
        text = "tab\\there \\u00e6\\U000000F8 \\"q\\""
        """)
        #expect(doc.tables.map(\.path) == [[], ["profile", "prod"], ["profile", "test env"]])
        let prod = doc.tables[1]
        #expect(prod["endpoint"]?.value == .string("https://api.example.no/nobbkontrakt"))
        #expect(prod["token_url"]?.value == .string("C:\\literal\\path"))
        #expect(prod["retries"]?.value == .integer(1000))
        #expect(prod["verbose"]?.value == .bool(true))
        #expect(prod["quiet"]?.value == .bool(false))
        #expect(doc.tables[2]["text"]?.value == .string("tab\there æø \"q\""))
    }

    @Test func crlfLineEndsAreLineEnds() throws {
        let doc = try parse("[profile.a]\r\nendpoint = \"x\"\r\n")
        #expect(doc.tables[1]["endpoint"]?.value == .string("x"))
    }

    @Test func errorsPointAtLineAndColumn() {
        let rendered = failure("""
        [profile.prod]
        endpoint = "https://x"
        client_id = my-client
        """)
        #expect(rendered == """
        error: expected a value: a quoted string, an integer, true or false
         --> config.toml:3:13
          |
        3 | client_id = my-client
          |             ^^^^^^^^^

        """)
    }

    @Test(arguments: [
        ("[profile.a\nx = 1", "expected ']' to close the table header", 1),
        ("[[profile]]", "arrays of tables", 1),
        ("[a]\nx = \"open", "unterminated string", 2),
        ("[a]\nx = 1 2", "unexpected text after the value", 2),
        ("[a]\nx = 1\nx = 2", "the key 'x' is defined twice", 3),
        ("[a]\n[a]", "table [a] is defined twice", 2),
        ("[a]\nx.y = 1", "dotted keys are not supported", 2),
        ("[a]\nx 1", "expected '=' after the key 'x'", 2),
        ("[a]\nx = \"\\q\"", "unknown escape '\\q'", 2),
        ("[a]\nx = \"\"\"multi\"\"\"", "multi-line strings are not supported", 2),
        ("[a]\nx =", "expected a value after '='", 2),
        ("[a]\n= 1", "expected a key", 2),
    ])
    func malformedInputIsAnErrorOnItsLine(text: String, message: String, line: Int) {
        let rendered = failure(text)
        #expect(rendered?.contains(message) == true, "\(rendered ?? "no error")")
        #expect(rendered?.contains("config.toml:\(line):") == true, "\(rendered ?? "no error")")
    }
}
