import Foundation
import Testing
@testable import NKQKit

@Suite struct NDJSONReaderTests {
    /// Reads all values from `text` through a file, with a given buffer size.
    private func readAll(_ text: String, bufferSize: Int = 1 << 16) throws -> (values: [JSONValue], layout: NDJSONReader.Layout?) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nkq-ndjson-\(UUID().uuidString)").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let handle = try #require(FileHandle(forReadingAtPath: path))
        defer { try? handle.close() }
        var reader = NDJSONReader(fileHandle: handle, bufferSize: bufferSize)
        var values: [JSONValue] = []
        while let value = try reader.next() { values.append(value) }
        return (values, reader.layout)
    }

    private func expectError(_ text: String, line: Int, offset: Int, _ message: String, bufferSize: Int = 1 << 16) {
        do {
            let result = try readAll(text, bufferSize: bufferSize)
            Issue.record("read \(result.values)")
        } catch let error as JSONStreamError {
            #expect(error == JSONStreamError(line: line, offset: offset, message: message))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test(arguments: [16, 1 << 16])
    func readsLinesSkippingBlanksWithOrWithoutFinalNewline(bufferSize: Int) throws {
        let text = "{\"a\":1}\n\n  \n{\"a\":2,\"s\":\"æøå 😀\"}\r\n{\"a\":3}"
        let result = try readAll(text, bufferSize: bufferSize)
        #expect(result.values == [["a": 1], ["a": 2, "s": "æøå 😀"], ["a": 3]])
        #expect(result.layout == .lines)
    }

    @Test(arguments: [16, 1 << 16])
    func streamsTheElementsOfATopLevelArray(bufferSize: Int) throws {
        let text = """
             [
              {"a": "x,y]}", "b": [1, {"c": "\\"]"}]},
              {"a": "\\\\", "b": []} ,
              3, "str", null, [1,2]
            ]\n
            """
        let result = try readAll(text, bufferSize: bufferSize)
        #expect(result.values == [["a": "x,y]}", "b": [1, ["c": "\"]"]]], ["a": "\\", "b": []], 3, "str", nil, [1, 2]])
        #expect(result.layout == .array)
    }

    @Test func aByteOrderMarkIsSkipped() throws {
        #expect(try readAll("\u{FEFF}{\"a\":1}\n", bufferSize: 16).values == [["a": 1]])
        #expect(try readAll("\u{FEFF}[1]").layout == .array)
    }

    @Test func emptyInputsGiveNoValues() throws {
        #expect(try readAll("").values.isEmpty)
        #expect(try readAll("").layout == nil)
        #expect(try readAll(" \n\n ").values.isEmpty)
        #expect(try readAll("[]").values.isEmpty)
        #expect(try readAll(" [ \n ] \n").layout == .array)
    }

    @Test func valuesLargerThanTheBufferGrowIt() throws {
        let big = String(repeating: "æ", count: 5000)
        let text = "{\"s\":\"\(big)\"}\n{\"n\":1}\n"
        #expect(try readAll(text, bufferSize: 16).values == [["s": .string(big)], ["n": 1]])
        #expect(try readAll("[\(JSONValue.object(JSONObject([("s", .string(big))])).jsonText()), 2]", bufferSize: 16).values.count == 2)
    }

    @Test func manyRowsThroughASmallBuffer() throws {
        var text = ""
        for i in 0..<5000 { text += #"{"i":\#(i),"name":"row \#(i)"}"# + "\n" }
        let values = try readAll(text, bufferSize: 64).values
        #expect(values.count == 5000)
        #expect(values.last == ["i": 4999, "name": "row 4999"])
    }

    @Test func errorsNameTheLineAndTheByteInTheStream() {
        expectError("{\"a\":1}\n{\"a\":2}\n{\"a\":}\n", line: 3, offset: 21, "expected a value")
        expectError("{\"a\":1}\n{\"a\":2}\n{\"a\":}\n", line: 3, offset: 21, "expected a value", bufferSize: 16)
        expectError("[\n {\"a\":1},\n {\"a\" 2}\n]", line: 3, offset: 18, "expected ':'")
        expectError("[1,2", line: 1, offset: 4, "unexpected end of input in the top-level array")
        expectError("[1,{\"a\":", line: 1, offset: 8, "unexpected end of input")
        expectError("[1,]", line: 1, offset: 3, "expected a value")
        expectError("[1 2]", line: 1, offset: 3, "unexpected text after the JSON value")
        expectError("[1,\n\n", line: 3, offset: 5, "unexpected end of input in the top-level array")
        expectError("[1,2] x", line: 1, offset: 6, "unexpected text after the top-level array")
        expectError("[1,,2]", line: 1, offset: 3, "expected a value")
    }

    @Test func readsFromAPipe() throws {
        let pipe = Pipe()
        pipe.fileHandleForWriting.write(Data("{\"a\":1}\n{\"a\":2}\n".utf8))
        try pipe.fileHandleForWriting.close()
        var reader = NDJSONReader(fileDescriptor: pipe.fileHandleForReading.fileDescriptor)
        #expect(try reader.next() == ["a": 1])
        #expect(try reader.next() == ["a": 2])
        #expect(try reader.next() == nil)
        #expect(try reader.next() == nil)
    }
}
