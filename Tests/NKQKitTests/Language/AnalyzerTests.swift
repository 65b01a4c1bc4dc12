import Testing
@testable import NKQKit

@Suite struct AnalyzerTests {
    /// (message, kind, severity) of every analysis diagnostic of one valid statement.
    func problems(_ text: String, bindings: [String: Expr] = [:]) -> [String] {
        guard let a = analysis(text, bindings: bindings) else { return ["<does not parse>"] }
        return a.diagnostics.map { "\($0.severity == .warning ? "warning: " : "")\($0.message)" }
    }

    func kinds(_ text: String) -> [Diagnostic.Kind] {
        analysis(text)?.diagnostics.map(\.kind) ?? []
    }

    /// The first error kept for the first row to decide (a field the schema does not know).
    func deferred(_ text: String) -> Diagnostic? {
        analysis(text)?.deferredFields.first?.diagnostic
    }

    func names(_ row: RowType?) -> [String] { row?.fields.map(\.name) ?? [] }

    // MARK: Row types through stages

    @Test func validStatementsHaveNoDiagnostics() {
        for text in [
            "get contracts where supplier in (10012, 10017) and approved >= 2024-01-01 | select contractId, text | sort contractId desc",
            "get contracts where approved > '2024-01-31' and lastModified >= now - 2h and from <= today and to = 2024-01-31T00:00:00Z",
            "get conditions where level in ('item', 'module') and active = true and quantity.unit = 'STK' and zoneId is null",
            "get prices where calculationDate = today + 1d and nobb in (1, 2) and supplier = 10012 | where purchasePrice.value < 100.5",
            "get orderprices where deliveryPostalCode = '0150' and deliveryType = 'Lager' and gtin in ('1', '2') and quantity = 3",
            "get zones | flatten zones | flatten postalCodes | where from >= '0100' | select supplier, name, from, to",
            "get contracts | flatten conditions | flatten elements | where value < -5 and formula = '%' | group by contractId with count(), sum(value), min(from)",
            "get file 'x.json' | where whatever.deep = 1 and x contains 'a' | sort y | flatten z | group by q with avg(r)",
            "get stdin | count | where count > 3",
            "explain get contracts | distinct supplier | limit 3",
        ] {
            #expect(problems(text) == [], "\(text)")
        }
    }

    @Test func selectNarrowsAndRenames() throws {
        let a = try #require(analysis("get prices | select supplier as s, purchasePrice.value, currency | where s > 1 and purchasePrice.value > 2"))
        #expect(a.diagnostics.isEmpty)
        #expect(names(a.rowTypes[1]) == ["s", "purchasePrice.value", "currency"])
        #expect(a.rowTypes[1].fields.map(\.type) == [.integer, .decimal, .string])
        #expect(a.rowTypes[1].narrowedBy == "select")
        #expect(a.rowTypes.count == 3)
        #expect(problems("get prices | select supplier as s | where supplier = 1") == ["'supplier' is not in the rows after 'select'"])
        #expect(kinds("get prices | select supplier as s | where supplier = 1") == [.stageOrder])
        #expect(problems("get prices | select currency, currency") == ["the column 'currency' is selected twice"])
        #expect(names(analysis("get zones | select *")?.output) == ["supplierParticipantNumber", "zones"])
    }

    @Test func flattenMergesElementFieldsRenamingClashes() throws {
        let a = try #require(analysis("get conditions | flatten elements"))
        let row = try #require(a.output)
        #expect(names(row) == ["contractId", "supplier", "conditionId", "name", "active", "level", "levelValue", "quantity", "deliveryType",
                               "zoneId", "packaging", "elementId", "type", "elements_name", "formula", "value", "from", "to", "elements_active"])
        // `name` and `active` exist on both: the condition's keep their names, the element's are prefixed.
        #expect(row.fields.first { $0.name == "name" }?.summary == "Condition name.")
        #expect(row.fields.first { $0.name == "elements_name" }?.summary == "Element name.")
        #expect(row.fields.first { $0.name == "elements_active" }?.summary == "Whether the element is active.")
        #expect(problems("get conditions | flatten elements | where elements_active = true and name contains 'x'") == [])
        // Aliases that pointed at the flattened array go; others stay.
        let contracts = try #require(analysis("get contracts | flatten conditions")?.output)
        #expect(contracts.aliases == ["supplier": "ownerParticipantNumber"])
        #expect(problems("get contracts | flatten text") == ["cannot flatten 'text', a string"])
        #expect(kinds("get contracts | flatten text") == [.type])
        #expect(problems("get contracts | flatten conditions | flatten quantity") == ["cannot flatten 'quantity', an object"])
    }

    @Test func groupAndCountReshapeRows() throws {
        let a = try #require(analysis("get prices | group by supplier, priceUnit with count(), sum(nobb), avg(purchasePrice.value), max(indexPrice.from) as last"))
        #expect(a.diagnostics.isEmpty)
        #expect(names(a.output) == ["supplier", "priceUnit", "count", "sum_nobb", "avg_purchasePrice_value", "last"])
        #expect(a.output?.fields.map(\.type) == [.integer, .string, .integer, .integer, .decimal, .date])
        #expect(problems("get prices | group by supplier with count() | sort currency") == ["'currency' is not in the rows after 'group by'"])
        #expect(names(analysis("get prices | count")?.output) == ["count"])
        #expect(problems("get prices | count | select currency") == ["'currency' is not in the rows after 'count'"])
        #expect(analysis("get prices | count | select currency")?.diagnostics.first?.help == "'count' leaves one row with the field 'count'")
        #expect(analysis("get prices | group by supplier with count() | where nobb = 1")?.diagnostics.first?.help
            == "group by 'nobb' too, or move the 'where' before the 'group by'")
        #expect(problems("get prices | group by supplier with count() as supplier") == ["the column 'supplier' appears twice in the group's output"])
    }

    @Test func resolvedPathsFollowAliases() throws {
        let text = "get prices where supplier = 1 and nobb = 2 | sort purchasePrice.value"
        let a = try #require(analysis(text))
        let source = SourceText(text)
        let resolved = a.fields.bySpan.map { (source.slice($0.key), $0.value.path) }.sorted { $0.0 < $1.0 }
        #expect(resolved.map(\.0) == ["nobb", "purchasePrice.value", "supplier"])
        #expect(resolved.map(\.1) == [["nobbNumber"], ["purchasePrice", "value"], ["supplierParticipantNumber"]])
        #expect(a.resource?.name == "prices")
    }

    // MARK: Names

    @Test func unknownNames() {
        #expect(problems("get contrcts") == ["unknown source 'contrcts'"])
        #expect(analysis("get contrcts")?.diagnostics.first?.help == "did you mean 'contracts'?")
        #expect(analysis("get everything")?.diagnostics.first?.help == "sources: contracts, conditions, prices, zones, orderprices, file 'PATH', stdin")
        // On an API resource's rows a name the schema does not know is checked against the first
        // row (a newer version may send it): no error yet, the error it will be is kept.
        #expect(problems("get contracts where suplier = 1") == [])
        #expect(deferred("get contracts where suplier = 1")?.message == "unknown field 'suplier'")
        #expect(deferred("get contracts where suplier = 1")?.help == "did you mean 'supplier'?")
        #expect(deferred("get contracts where Text = 'x'")?.help == "did you mean 'text'?")
        #expect(deferred("get prices where value = 1")?.help
            == "did you mean 'indexPrice.value', 'fullCostPrice.value', 'purchasePrice.value' or 'retailPrice.value'?")
        #expect(deferred("get contracts | sort elementId")?.help
            == "'conditions.elements.elementId' is inside the array 'conditions'; flatten it first: | flatten conditions")
        #expect(problems("get contracts where conditions.level = 'item'") == ["'conditions.level' goes through the array 'conditions'"])
        #expect(deferred("get contracts where nope = 1")?.kind == .unknownName)
        // Once a stage has made rows of its own, the names are its own: an error at once.
        #expect(problems("get contracts | select text | where suplier = 1") == ["unknown field 'suplier'"])
        #expect(kinds("get contracts | count | where text = 1") == [.stageOrder])
        // A list's query runs first, so its fields must be known.
        #expect(problems("get prices where nobb in (get contracts | select suplier)") == ["unknown field 'suplier'"])
        // A file's rows have no schema to check: the same name is no error there either.
        #expect(problems("get file 'p.json' as prices | where productName = 'x'") == [])
        #expect(analysis("get file 'p.json' as prices | where productName = 'x'")?.deferredFields.isEmpty == true)
    }

    // MARK: Types

    @Test func comparisonTypes() {
        #expect(problems("get contracts where supplier = '10012'") == ["'supplier' is an integer, but '10012' is text"])
        #expect(analysis("get contracts where supplier = '10012'")?.diagnostics.first?.help == "remove the quotes: 10012")
        #expect(problems("get contracts where text = 5") == ["'text' is a string, but 5 is a number"])
        #expect(problems("get contracts where text = true") == ["'text' is a string, but true is a boolean"])
        #expect(problems("get conditions where level = 'Item'") == ["'Item' is not a valid 'level'"])
        #expect(problems("get conditions where level > 'item'") == ["'level' has no order"])
        #expect(problems("get conditions where level = 3") == ["'level' is a string, but 3 is a number"])
        #expect(problems("get conditions where active > false") == ["booleans have no order"])
        #expect(problems("get conditions where active = 'true'") == ["'active' is a boolean, but 'true' is text"])
        #expect(problems("get contracts where approved >= 'x'") == ["'approved' is a timestamp, but 'x' is not a date"])
        #expect(problems("get contracts where approved = 'soon'") == ["warning: 'approved' is a timestamp, but 'soon' is not a date; it will never match"])
        #expect(problems("get contracts where from = 5") == ["'from' is a date, but 5 is a number"])
        #expect(problems("get conditions where quantity = 1") == ["cannot compare 'quantity', an object"])
        #expect(problems("get contracts where conditions = 1") == ["cannot compare 'conditions', an array"])
        #expect(problems("get contracts where to = null") == ["'= null' is never true"])
        #expect(problems("get contracts where to < null") == ["'< null' is never true"])
        #expect(problems("get contracts where supplier = (1, 2)") == ["a list needs 'in', not '='"])
        #expect(kinds("get contracts where text = 5") == [.type])
    }

    @Test func membershipTypes() {
        #expect(problems("get contracts where supplier in (1, 'a')") == ["the list mixes number and text values"])
        #expect(problems("get contracts where supplier in (1, 2.5)") == [])
        #expect(problems("get contracts where supplier in ('1', '2')") == ["'supplier' is an integer, but '1' is text"])
        #expect(problems("get contracts where supplier in ((1), 2)") == ["lists cannot be nested"])
        #expect(problems("get contracts where to in (null, 2024-01-01)") == ["warning: null in a list never matches"])
        #expect(problems("get contracts where supplier in $one", bindings: ["one": .integer(1, span: noSpan)]) == ["'in' needs a list, found 1"])
        #expect(problems("get conditions where level not in ('item', 'modul')") == ["'modul' is not a valid 'level'"])
    }

    @Test func textOperators() {
        #expect(problems("get contracts where supplier contains '1'") == ["'contains' needs text; 'supplier' is an integer"])
        #expect(problems("get contracts where text contains 5") == ["'contains' takes text, found 5"])
        #expect(problems("get contracts where text matches '(' ") == ["invalid regular expression"])
        #expect(problems("get contracts where text matches '^A.*[0-9]$' and text contains 'æ'") == [])
        #expect(problems("get conditions where level contains 'group'") == [])
        #expect(problems("get contracts where contractId is null") == ["warning: 'contractId' is never null"])
        #expect(analysis("get contracts where contractId is not null")?.diagnostics.first?.help == "this condition is always true")
        #expect(problems("get contracts where to is null") == [])
        // Inside an object that may be null, a field is null with it.
        #expect(problems("get prices where supplier = 10012 | where fullCostPrice.value is null") == [])
        #expect(problems("get prices where supplier = 10012 | where purchasePrice.value is null")
            == ["warning: 'purchasePrice.value' is never null"])
    }

    @Test func stageTypes() {
        #expect(problems("get conditions | sort quantity") == ["cannot sort by 'quantity', an object"])
        #expect(problems("get contracts | group by conditions") == ["cannot group by 'conditions', an array"])
        #expect(problems("get contracts | distinct conditions") == ["cannot compare for distinct 'conditions', an array"])
        #expect(problems("get contracts | group by supplier with sum(text)") == ["sum() needs a number; 'text' is a string"])
        #expect(problems("get contracts | group by supplier with avg(approved)") == ["avg() needs a number; 'approved' is a timestamp"])
        #expect(problems("get conditions | group by level with min(active)") == ["min() cannot order booleans"])
        #expect(problems("get conditions | group by level with max(quantity)") == ["cannot take max() of 'quantity', an object"])
        #expect(analysis("get conditions | group by supplier with max(level)")?.output?.fields.last?.type == .string)
    }

    // MARK: Request inputs

    @Test func requestInputsOnlyInTheFirstWhere() {
        #expect(problems("get prices where calculationDate = today and changedAfterDate = 2024-01-01 and nobb = 1") == [])
        #expect(problems("get orderprices where quantity in (1, 2) and deliveryType = 'Lager'") == [])
        #expect(problems("get prices | where calculationDate = today") == [])
        let misuse = [
            "get prices where calculationDate >= today",
            "get prices where nobb = 1 or calculationDate = today",
            "get prices where not calculationDate = today",
            "get prices where calculationDate not in (today)",
            "get prices | limit 1 | where calculationDate = today",
            "get prices | select calculationDate",
            "get prices | sort calculationDate",
        ]
        for text in misuse {
            #expect(problems(text) == ["'calculationDate' is a request input, not a field of the rows"], "\(text)")
            #expect(kinds(text) == [.plan])
        }
    }

    // MARK: Parameters

    @Test func parameters() {
        let bindings: [String: Expr] = ["suppliers": .list([.integer(1, span: noSpan), .integer(2, span: noSpan)], span: noSpan),
                                        "name": .string("Acme", span: noSpan)]
        #expect(problems("get contracts where supplier in $suppliers and text = $name", bindings: bindings) == [])
        #expect(problems("get contracts where supplier in $supplier", bindings: bindings) == ["unknown parameter '$supplier'"])
        #expect(analysis("get contracts where supplier in $supplier", bindings: bindings)?.diagnostics.first?.help == "did you mean '$suppliers'?")
        #expect(analysis("get contracts where supplier = $x")?.diagnostics.first?.help == "bind it first: let x = …, or --param x=…")
        #expect(kinds("get contracts where supplier = $x") == [.unknownName])
        // A bound value is checked where it is used, and the error points at the $NAME.
        let text = "get contracts where supplier = $name"
        let d = analysis(text, bindings: bindings)?.diagnostics.first
        #expect(d?.message == "'supplier' is an integer, but 'Acme' is text")
        #expect(d?.span == SourceSpan(start: 31, end: 36))
    }

    @Test func letBindsForLaterStatements() {
        let script = Parser.parseScript(SourceText("let a = (1, 2)\nlet b = $a\nget contracts where supplier in $b\nlet c = $nope\nlet d = ((1))"))
        var analyzer = Analyzer()
        let analyses = analyzer.analyzeInOrder(script.statements)
        #expect(analyses.map { $0.diagnostics.map(\.message) } == [[], [], [], ["unknown parameter '$nope'"], ["lists cannot be nested"]])
        guard case .list(let items, _)? = analyzer.bindings["b"] else { Issue.record("b"); return }
        #expect(items.count == 2)
        #expect(analyses[0].binding?.name == "a")
        #expect(analyses[2].output?.fields.count == 12)
    }

    @Test func parameterValuesFromTheCommandLine() throws {
        func value(_ argument: String) throws -> Expr { try Parser.parseParameter(argument).value }
        guard case .integer(10012, _) = try value("supplier=10012") else { Issue.record(); return }
        guard case .date(2024, 1, 31, _) = try value("d=2024-01-31") else { Issue.record(); return }
        guard case .string("Acme AS", _) = try value("name=Acme AS") else { Issue.record(); return }
        guard case .string("q", _) = try value("name='q'") else { Issue.record(); return }
        guard case .list(let l, _) = try value("s=10012,10017") else { Issue.record(); return }
        #expect(l.count == 2)
        guard case .list(let m, _) = try value("s=(1, 2, 3)") else { Issue.record(); return }
        #expect(m.count == 3)
        guard case .relative(.today, let offsets, _) = try value("since=today - 3d") else { Issue.record(); return }
        #expect(offsets.map(\.amount) == [-3])
        guard case .string("a,'b", _) = try value("x=a,'b") else { Issue.record(); return }
        #expect(try Parser.parseParameter("$p=1").name == "p")
        #expect(throws: Diagnostic.self) { try Parser.parseParameter("novalue") }
        #expect(throws: Diagnostic.self) { try Parser.parseParameter("9x=1") }
        #expect(Parser.parseValue("1 2").diagnostics.map(\.message) == ["expected the end of the value, found the number 2"])
    }

    @Test func rowTypeForCompletion() {
        let parsed = Parser.parseScript(SourceText("get contracts | flatten conditions | select level"))
        guard case .query(let q) = parsed.statements[0] else { return }
        let analyzer = Analyzer()
        #expect(names(analyzer.rowType(of: q.source, after: Array(q.stages.prefix(1)))).contains("level"))
        #expect(names(analyzer.rowType(of: q.source, after: q.stages)) == ["level"])
        #expect(analyzer.rowType(of: SourceRef(kind: .stdin, span: noSpan), after: []).isOpen)
    }
}
