import Foundation
import Testing
@testable import NKQKit

/// Rows built with only some of their fields: the same values for those fields as a full
/// parse, the same errors at the same bytes for the same text, and every name noted.
@Suite struct JSONFieldSelectionTests {
    /// The full parse, then only the selected top-level fields (first position, last value).
    static func expected(_ text: String, _ names: [String]) throws -> (value: JSONValue, repaired: Bool) {
        var repaired = false
        var bytes = Array(text.utf8)
        let full = try bytes.withUnsafeMutableBufferPointer { try JSONValue.parse(bytes: UnsafeBufferPointer($0), repairedUTF8: &repaired) }
        guard case .object(let object) = full else { return (full, repaired) }
        var kept = JSONObject()
        for (key, value) in object where names.contains(key) { kept.appendUnchecked(key, value) }
        return (.object(kept), repaired)
    }

    static func selected(_ bytes: [UInt8], _ names: [String]) throws -> (value: JSONValue, repaired: Bool, seen: [String]) {
        var repaired = false
        var selection: JSONFieldSelection? = JSONFieldSelection(names)
        let value = try bytes.withUnsafeBufferPointer {
            try JSONValue.parse(bytes: $0, repairedUTF8: &repaired, keeping: &selection)
        }
        return (value, repaired, selection?.seen ?? [])
    }

    static let rows = [
        #"{"id":1,"supplier":10001,"amount":12.50,"text":"Avtale 1","tags":["a","b"],"p":{"v":2,"w":[1,{"x":null}]}}"#,
        #"{"text":"æøå 😀 \"quoted\" \\ \u00e6","id":2,"amount":-1.5e3,"active":true,"none":null}"#,
        #"{"id":3,"id":4,"amount":0,"supplier":null}"#,
        #"{"s\u0075pplier":5,"id":5,"amount":1}"#,
        #"{}"#,
        #" { "id" : 6 , "amount" : [ ] , "text" : { } } "#,
        #"[1,2,{"id":1}]"#,
        #""a string row""#,
        #"42"#,
    ]
    static let selections: [[String]] = [["id"], ["amount", "id"], ["supplier", "text"], [], ["missing"], ["p", "tags"]]

    @Test func selectedFieldsEqualTheFullParseOfThem() throws {
        for row in Self.rows {
            for names in Self.selections {
                let want = try Self.expected(row, names)
                let got = try Self.selected(Array(row.utf8), names)
                #expect(got.value == want.value, "\(row) keeping \(names)")
                #expect(got.value.objectValue?.keys == want.value.objectValue?.keys, "\(row) keeping \(names)")
                #expect(got.repaired == want.repaired)
            }
        }
    }

    @Test func everyTopLevelNameIsNoted() throws {
        let seen = try Self.selected(Array(Self.rows[0].utf8), ["id"]).seen
        #expect(seen == ["id", "supplier", "amount", "text", "tags", "p"])
        #expect(try Self.selected(Array(Self.rows[3].utf8), []).seen == ["supplier", "id", "amount"])
        var merged = JSONFieldSelection(["id"])
        for row in Self.rows.prefix(3) {
            var selection: JSONFieldSelection? = JSONFieldSelection(["id"])
            var repaired = false
            _ = try Array(row.utf8).withUnsafeBufferPointer { try JSONValue.parse(bytes: $0, repairedUTF8: &repaired, keeping: &selection) }
            if let selection { merged.merge(selection) }
        }
        #expect(merged.seen == ["id", "supplier", "amount", "text", "tags", "p", "active", "none"])
    }

    @Test func bytesThatAreNotUTF8AreNotedInFieldsNotBuilt() throws {
        let bytes = Array(#"{"id":1,"text":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        let got = try Self.selected(bytes, ["id"])
        #expect(got.value == ["id": 1])
        #expect(got.repaired)
    }

    /// Odd lines: every prefix of each row, and each row with one byte replaced by bytes that
    /// break JSON. A selected parse fails exactly when the full parse does, with the same
    /// message at the same byte, and otherwise agrees with it; nothing crashes.
    @Test func oddLinesFailTheSameWay() {
        let breakers: [UInt8] = [0x22, 0x5C, 0x7B, 0x7D, 0x5B, 0x5D, 0x2C, 0x3A, 0x00, 0x0A, 0x20, 0x2D, 0x65, 0x30, 0xFF, 0x74]
        var lines: [[UInt8]] = []
        for row in Self.rows {
            let bytes = Array(row.utf8)
            for end in 0..<bytes.count { lines.append(Array(bytes[..<end])) }
            for i in 0..<bytes.count {
                for b in breakers {
                    var changed = bytes
                    changed[i] = b
                    lines.append(changed)
                }
            }
        }
        lines.append(Array(repeating: UInt8(ascii: "["), count: 600))
        lines.append(Array("{\"a\":".utf8) + Array(repeating: UInt8(ascii: "["), count: 600))
        var compared = 0
        for line in lines {
            for names in [["id"], ["text", "amount"]] {
                let full: Result<JSONValue, JSONParseError>
                var repaired = false
                do {
                    let value = try line.withUnsafeBufferPointer { try JSONValue.parse(bytes: $0, repairedUTF8: &repaired) }
                    var kept = JSONObject()
                    if case .object(let object) = value {
                        for (key, v) in object where names.contains(key) { kept.appendUnchecked(key, v) }
                        full = .success(.object(kept))
                    } else {
                        full = .success(value)
                    }
                } catch let error as JSONParseError {
                    full = .failure(error)
                } catch {
                    Issue.record("unexpected \(error)")
                    continue
                }
                let selected: Result<JSONValue, JSONParseError>
                do {
                    selected = .success(try Self.selected(line, names).value)
                } catch let error as JSONParseError {
                    selected = .failure(error)
                } catch {
                    Issue.record("unexpected \(error)")
                    continue
                }
                #expect(selected == full, "\(String(decoding: line, as: UTF8.self)) keeping \(names)")
                compared += 1
            }
        }
        #expect(compared > 5000)
    }
}
