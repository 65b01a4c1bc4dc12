import Foundation
import NKQTestSupport
import Testing
@testable import NKQKit

@Suite struct CompletionTests {
    let oracle = CompletionOracle(parameters: ["since"], suppliers: ["10012", "10017"], directory: "/nonexistent")

    /// Candidate texts at the end of `text`, or at the `‸` mark.
    func texts(_ text: String, _ oracle: CompletionOracle? = nil) -> [String] {
        candidates(text, oracle).map(\.text)
    }

    func candidates(_ text: String, _ oracle: CompletionOracle? = nil) -> [CompletionCandidate] {
        let chars = Array(text)
        let cursor = chars.firstIndex(of: "‸") ?? chars.count
        let plain = String(chars.filter { $0 != "‸" })
        return (oracle ?? self.oracle).completions(for: plain, cursor: cursor)
    }

    @Test func statementsAndSources() {
        #expect(texts("") == ["get", "explain", "let"])
        #expect(texts("g") == ["get"])
        #expect(texts("get ") == ["contracts", "conditions", "prices", "zones", "orderprices", "file", "stdin"])
        #expect(texts("get co") == ["contracts", "conditions"])
        #expect(texts("GET CO") == ["contracts", "conditions"])
        #expect(texts("explain ") == ["get"])
        #expect(texts("get contracts\n") == ["get", "explain", "let"])
        #expect(texts("get contracts; ") == ["get", "explain", "let"])
        #expect(candidates("get co").first?.replacementLength == 2)
        #expect(candidates("get co").first?.suffix == "ntracts")
        #expect(candidates("get ").first?.detail == Schema.contracts.summary)
    }

    @Test func keywordsAfterASource() {
        #expect(texts("get contracts ") == ["where", "|"])
        #expect(texts("get contracts w") == ["where"])
        #expect(texts("get contracts | ") == ["where", "select", "sort", "limit", "flatten", "distinct", "count", "group", "join", "left"])
        #expect(texts("get contracts | s") == ["select", "sort"])
        #expect(texts("get contracts | group ") == ["by"])
        #expect(texts("get contracts | sort text ") == ["asc", "desc", ",", "|"])
        #expect(texts("get contracts where supplier = 1 ") == ["and", "or", "|"])
        #expect(texts("get contracts where supplier = 1 a") == ["and"])
        #expect(texts("get contracts | group by supplier with ") == ["count()", "sum(", "avg(", "min(", "max("])
        #expect(texts("get contracts | group by supplier w") == ["with"])
    }

    @Test func fieldsOfTheRowsInHand() {
        let contracts = Schema.contracts.fields.map(\.name) + ["supplier"]
        #expect(texts("get contracts where ") == contracts + ["not", "("])
        #expect(texts("get contracts where sup") == ["supplier"])
        #expect(texts("get contracts | select ") == contracts + ["*"])
        #expect(texts("get contracts | select contractId as id, text | sort ") == ["id", "text"])
        #expect(texts("get contracts | group by supplier with count() | where ") == ["supplier", "count", "not", "("])
        #expect(texts("get contracts | count | select ") == ["count", "*"])
        // After flatten the element fields are there, nested object paths too.
        let flattened = texts("get contracts | flatten conditions | where ")
        #expect(flattened.contains("level") && flattened.contains("quantity.unit") && !flattened.contains("conditions"))
        #expect(texts("get prices where purchasePrice.") == ["purchasePrice.value", "purchasePrice.from", "purchasePrice.to"])
        #expect(candidates("get prices where purchasePrice.v").first?.replacementLength == 15)
        #expect(texts("get contracts | distinct ").first == "approved")
        #expect(texts("get contracts | flatten ").first == "approved")
        #expect(texts("get contracts | group by ").contains("supplier"))
        #expect(texts("get contracts | group by supplier with sum(") == contracts)
        // Request inputs only where they may stand: the first where.
        #expect(texts("get prices where calc") == ["calculationDate"])
        #expect(texts("get prices | limit 1 | where calc") == [])
        #expect(candidates("get prices where calc").first?.detail == "date (request input)")
        // Rows of unknown shape offer no field names.
        #expect(texts("get stdin where ") == ["not", "("])
    }

    @Test func operatorsByFieldType() {
        #expect(texts("get contracts where supplier ") == ["=", "!=", "<", "<=", ">", ">=", "in", "not in", "is null", "is not null"])
        #expect(texts("get contracts where text ") == ["=", "!=", "<", "<=", ">", ">=", "in", "not in", "contains", "matches", "is null", "is not null"])
        #expect(texts("get conditions where active ") == ["=", "!=", "is null", "is not null"])
        #expect(texts("get conditions where level ") == ["=", "!=", "in", "not in", "contains", "matches", "is null", "is not null"])
        #expect(texts("get conditions where level i") == ["in", "is null", "is not null"])
        #expect(texts("get contracts where to is ") == ["not", "null"])
    }

    @Test func values() {
        #expect(texts("get conditions where level = ") == ["'supplier'", "'overGroup'", "'mainGroup'", "'productGroup'", "'module'", "'item'", "$since"])
        #expect(texts("get conditions where level = 'pro") == ["'productGroup'"])
        #expect(candidates("get conditions where level = 'pro").first?.suffix == "ductGroup'")
        #expect(texts("get conditions where level = \"it") == ["\"item\""])
        #expect(texts("get conditions where level in ('item', ") == ["'supplier'", "'overGroup'", "'mainGroup'", "'productGroup'", "'module'", "'item'", "$since"])
        #expect(texts("get conditions where active = ") == ["true", "false", "$since"])
        #expect(texts("get contracts where approved > ") == ["today", "now", "$since"])
        #expect(texts("get contracts where approved > today ") == ["and", "or", "-", "+", "|"])
        #expect(texts("get contracts where supplier = ") == ["10012", "10017", "$since"])
        #expect(texts("get contracts where supplier in (100") == ["10012", "10017"])
        #expect(texts("get prices where supplierParticipantNumber = 1001") == ["10012", "10017"])
        #expect(texts("get contracts where contractId = ") == ["$since"])
        #expect(texts("get contracts where approved > $") == ["$since"])
        #expect(texts("let x = 1\nlet y = 2; get contracts where text = $") == ["$since", "$x", "$y"])
    }

    @Test func cursorInsideTheText() {
        // Only the text before the cursor counts; a statement later on does not.
        #expect(texts("get co‸ntracts | count") == ["contracts", "conditions"])
        #expect(texts("get contracts | s‸ | limit 1") == ["select", "sort"])
        #expect(texts("get zones\nget contracts where ‸\nget prices").first == "approved")
        #expect(texts("get contracts # a comment ‸") == [])
        #expect(texts("get contracts where text = 'x‸") == [])
        #expect(oracle.completions(for: "get", cursor: 99).map(\.text) == ["get"])
        #expect(oracle.completions(for: "get ", cursor: -3).map(\.text) == ["get", "explain", "let"])
    }

    @Test func multiLineStatements() {
        #expect(texts("get contracts\n  | select text,\n    ") == ["approved", "conditions", "contractId", "created", "from", "lastModified",
                                                                  "ownerParticipantNumber", "receiverParticipantNumber",
                                                                  "senderParticipantNumber", "sent", "text", "to", "supplier"])
        #expect(texts("get contracts\n  | flatten conditions\n  | where lev") == ["level", "levelValue"])
        #expect(texts("get contracts where supplier in (\n  10012,\n  ") == ["10012", "10017", "$since"])
    }

    @Test func fileNames() throws {
        let folder = TemporaryFolder("completion")
        defer { folder.remove() }
        for name in ["rows.json", "rows.ndjson", "other.txt", ".hidden", "saved/æøå.json"] { folder.write(name, "[]") }
        let files = CompletionOracle(directory: folder.path)
        #expect(texts("get file ", files) == ["'other.txt'", "'rows.json'", "'rows.ndjson'", "'saved/"])
        #expect(texts("get file 'ro", files) == ["'rows.json'", "'rows.ndjson'"])
        #expect(candidates("get file 'ro", files).first?.replacementLength == 3)
        #expect(texts("get file 'sa", files) == ["'saved/"])
        #expect(candidates("get file 'sa", files).first?.detail == "directory")
        #expect(texts("get file 'saved/", files) == ["'saved/æøå.json'"])
        #expect(texts("get file \"r", files) == ["\"rows.json\"", "\"rows.ndjson\""])
        #expect(texts("get file '.h", files) == ["'.hidden'"])
        #expect(texts("get file '\(folder.path)/o", files) == ["'\(folder.path)/other.txt'"])
        #expect(texts("get file 'missing/", files) == [])
    }

    @Test func replacementCoversTheTypedWord() {
        for (text, length) in [("get contracts where sup", 3), ("get contracts where ", 0), ("get conditions where level = 'it", 3),
                               ("get contracts where text = $s", 2), ("get prices where purchasePrice.va", 16)] {
            let all = candidates(text)
            #expect(!all.isEmpty, "\(text)")
            #expect(all.allSatisfy { $0.replacementLength == length }, "\(text)")
        }
    }
}
