import Foundation
import Testing
@testable import NKQKit

@Suite struct JSONValueParsingTests {
    @Test(arguments: [
        #"{"contractId":10012,"text":"Rør","conditions":[{"id":1,"value":12.50}],"ok":true,"none":null}"#,
        #"[]"#, #"{}"#, #"[[],{},[{}]]"#, #""""#, #"0"#, #"-0"#, #"1.10"#, #"1e3"#, #"1E+2"#, #"-2.5e-7"#,
        #"12345678901234567890123456789"#, #"{"b":1,"a":2,"c":{"z":0,"y":1}}"#, #""æøå 東京 😀""#,
        #""\"\\\n\r\t\b\f\u0001\u001f""#,
    ])
    func compactTextRoundTripsExactly(text: String) throws {
        #expect(try JSONValue.parse(text).jsonText() == text)
    }

    @Test func numbersKeepTheirText() throws {
        let value = try JSONValue.parse(#"[1.10, 1e3, 12345678901234567890, -0.0]"#)
        let texts = value.arrayValue!.map { $0.numberValue!.text }
        #expect(texts == ["1.10", "1e3", "12345678901234567890", "-0.0"])
        #expect(value.arrayValue![0].doubleValue == 1.1)
        #expect(value.arrayValue![1].intValue == 1000)
        #expect(value.arrayValue![2].numberValue!.int == nil)
    }

    @Test func numbersCompareByValueAndBigIntegersExactly() throws {
        #expect(JSONNumber(text: "1.10") == JSONNumber(text: "1.1"))
        #expect(JSONNumber(text: "1e3") == JSONNumber(1000))
        #expect(JSONNumber(text: "-0") == JSONNumber(text: "0"))
        #expect(JSONNumber(text: "9007199254740993") != JSONNumber(text: "9007199254740992"))
        #expect(JSONNumber(text: "9007199254740993") == JSONNumber(text: "9007199254740993"))
        #expect(Set([JSONValue.number(JSONNumber(text: "2.0")), .int(2)]).count == 1)
    }

    @Test func keyOrderIsKeptAndARepeatedKeyKeepsItsPlaceWithTheLastValue() throws {
        let object = try JSONValue.parse(#"{"b":1,"a":2,"b":3}"#).objectValue!
        #expect(object.keys == ["b", "a"])
        #expect(object["b"] == 3)
        #expect(Array(object.map(\.key)) == ["b", "a"])
    }

    @Test func escapesAndSurrogatePairsDecode() throws {
        #expect(try JSONValue.parse(#""\"\\\/\b\f\n\r\t""#) == .string("\"\\/\u{8}\u{C}\n\r\t"))
        #expect(try JSONValue.parse(#""\u00e6\u00F8\u00e5""#) == .string("æøå"))
        #expect(try JSONValue.parse(#""\ud83d\ude00 x""#) == .string("😀 x"))
        #expect(try JSONValue.parse(#""\uD834\uDD1E""#) == .string("𝄞"))
        #expect(try JSONValue.parse(#""a\u0000b""#) == .string("a\u{0}b"))
        #expect(try JSONValue.parse("\"raw æøå 東京 🔨\"") == .string("raw æøå 東京 🔨"))
    }

    @Test func invalidUTF8IsReplacedNotFatal() throws {
        #expect(try JSONValue.parse(bytes: [0x22, 0x61, 0xFF, 0x22]) == .string("a\u{FFFD}"))
    }

    @Test(arguments: [
        (#"{"a":1,}"#, 7, "expected a key string"),
        (#"[1 2]"#, 3, "expected ',' or ']'"),
        (#"[1,]"#, 3, "expected a value"),
        (#""abc"#, 4, "unterminated string"),
        (#"1 2"#, 2, "unexpected text after the JSON value"),
        (#"01"#, 1, "leading zero in a number"),
        (#"-"#, 1, "expected a digit"),
        (#"1."#, 2, "expected a digit after '.'"),
        (#"1e"#, 2, "expected a digit in the exponent"),
        (#".5"#, 0, "expected a value"),
        (#"+1"#, 0, "expected a value"),
        (#"tru"#, 0, "expected true"),
        (#"{"a" 1}"#, 5, "expected ':'"),
        ("\"a\nb\"", 2, "control character in a string"),
        (#""\x""#, 3, "invalid escape"),
        (#""\u12G4""#, 5, "invalid hex digit"),
        (#""\ud83d""#, 7, "unpaired surrogate"),
        (#""\ud83d\u0041""#, 13, "unpaired surrogate"),
        (#""\ude00""#, 7, "unpaired surrogate"),
        ("", 0, "unexpected end of input"),
        ("   ", 3, "unexpected end of input"),
        (#"{"a":1"#, 6, "unexpected end of input in an object"),
    ])
    func errorsSayWhatAndWhere(text: String, offset: Int, message: String) {
        do {
            let value = try JSONValue.parse(text)
            Issue.record("parsed \(value)")
        } catch let error as JSONParseError {
            #expect(error.offset == offset)
            #expect(error.message == message)
            #expect(error.description == "invalid JSON at byte \(offset): \(message)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func nestingIsBoundedWithoutCrashing() throws {
        let ok = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(try JSONValue.parse(ok).arrayValue != nil)
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONParseError(offset: 512, message: "nested too deeply")) { try JSONValue.parse(deep) }
        let deepObjects = String(repeating: #"{"a":"#, count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(deepObjects) }
    }

    @Test func parsesFromDataAndArrays() throws {
        let text = #"{"a":[1,2]}"#
        #expect(try JSONValue.parse(bytes: Data(text.utf8)) == ["a": [1, 2]])
        #expect(try JSONValue.parse(bytes: Array(text.utf8)) == ["a": [1, 2]])
        #expect(try JSONValue.parse(bytes: text.utf8.reversed().reversed()) == ["a": [1, 2]])
    }
}

@Suite struct JSONValueWritingTests {
    @Test func stringsAreEscapedAsJSONRequires() throws {
        let value: JSONValue = .string("q\" b\\ n\n t\t \u{1} \u{1F} \u{7F} æ 😀 /")
        #expect(value.jsonText() == #""q\" b\\ n\n t\t \u0001 \u001f \#u{7F} æ 😀 /""#)
        #expect(try JSONValue.parse(value.jsonText()) == value)
    }

    @Test func prettyIndentsByTwoSpacesAndKeepsEmptyContainersInline() {
        let value: JSONValue = ["a": [1, ["b": nil]], "c": [], "d": [:]]
        #expect(value.prettyJSONText() == """
            {
              "a": [
                1,
                {
                  "b": null
                }
              ],
              "c": [],
              "d": {}
            }
            """)
    }

    @Test func doublesWriteAsValidJSON() throws {
        #expect(JSONValue.double(2).jsonText() == "2")
        #expect(JSONValue.double(0.1).jsonText() == "0.1")
        #expect(JSONValue.double(1e20).jsonText() == "1e+20")
        #expect(JSONValue.double(.nan).jsonText() == "null")
        #expect(JSONValue.double(-.infinity).jsonText() == "null")
        for d in [1e-7, 123.456, -3.5e300] {
            #expect(try JSONValue.parse(JSONValue.double(d).jsonText()).doubleValue == d)
        }
    }

    @Test func objectsIterateInOrder() {
        var object = JSONObject()
        object["z"] = 1
        object["a"] = 2
        object["m"] = 3
        object["a"] = nil
        #expect(object.map(\.key) == ["z", "m"])
        #expect(JSONValue.object(object).jsonText() == #"{"z":1,"m":3}"#)
    }
}
