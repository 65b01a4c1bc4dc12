import Foundation
import NKQTestSupport
import Testing
@testable import NKQKit

@Suite struct NDJSONReaderTests {
    /// Reads all values from `text` through a file, with a given buffer size.
    private func readAll(_ text: String, bufferSize: Int = 1 << 16) throws -> (values: [JSONValue], layout: NDJSONReader.Layout?) {
        let folder = TemporaryFolder("ndjson")
        defer { folder.remove() }
        let path = folder.write("rows.ndjson", text)
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

    /// Reads `text` in chunks of whole lines (`nextChunk`, `NDJSONChunk.values`), as files are
    /// read in parallel; a failure comes back as the stream error.
    private func readChunked(_ text: String, bufferSize: Int, keeping names: [String]? = nil) throws -> [JSONValue] {
        let pipe = Pipe()
        let writer = Thread { pipe.fileHandleForWriting.write(Data(text.utf8)); try? pipe.fileHandleForWriting.close() }
        writer.start()
        var reader = NDJSONReader(fileDescriptor: pipe.fileHandleForReading.fileDescriptor, bufferSize: bufferSize)
        var values: [JSONValue] = []
        var chunks = 0
        while let chunk = try reader.nextChunk() {
            var selection = names.map { JSONFieldSelection($0) }
            values += try chunk.values(keeping: &selection).values
            chunks += 1
        }
        #expect(text.utf8.count < bufferSize || chunks > 1 || !text.contains("\n"))
        return values
    }

    @Test(arguments: [16, 64, 1 << 16])
    func chunksOfLinesReadAsLinesDo(bufferSize: Int) throws {
        var texts = ["{\"a\":1}\n\n  \n{\"a\":2,\"s\":\"æøå 😀\"}\r\n{\"a\":3}", "", "\n\n", "{\"a\":1}\n", " {\"a\" : [1, 2]} "]
        // Every fifth line followed by a blank one.
        texts.append((0..<3000).map { i in
            #"{"i":\#(i),"name":"row \#(i)","pad":"\#(String(repeating: "x", count: i % 23))"}"# + (i % 5 == 0 ? "\n" : "")
        }.joined(separator: "\n"))
        for text in texts {
            let whole = try readAll(text, bufferSize: bufferSize).values
            #expect(try readChunked(text, bufferSize: bufferSize) == whole)
            let kept = whole.map { row -> JSONValue in
                guard case .object(let o) = row else { return row }
                return .object(JSONObject(o.filter { $0.key == "i" || $0.key == "a" }.map { ($0.key, $0.value) }))
            }
            #expect(try readChunked(text, bufferSize: bufferSize, keeping: ["i", "a"]) == kept)
        }
    }

    @Test(arguments: [16, 1 << 16])
    func chunkErrorsNameTheSameLineAndByte(bufferSize: Int) {
        for (text, line, offset, message) in [
            ("{\"a\":1}\n{\"a\":2}\n{\"a\":}\n", 3, 21, "expected a value"),
            ("{\"a\":1}\n\n\n{\"a\":2,\"b\":[1,}\n", 4, 24, "expected a value"),
            ("{\"a\":1}\n{\"a\":2} x\n", 2, 16, "unexpected text after the JSON value"),
        ] {
            expectError(text, line: line, offset: offset, message, bufferSize: bufferSize)
            for names in [nil, ["a"]] as [[String]?] {
                do {
                    let values = try readChunked(text, bufferSize: bufferSize, keeping: names)
                    Issue.record("read \(values)")
                } catch let error as JSONStreamError {
                    #expect(error == JSONStreamError(line: line, offset: offset, message: message))
                } catch {
                    Issue.record("unexpected \(error)")
                }
            }
        }
    }

    @Test func aChunkLineLongerThanTheLimitIsAnError() throws {
        let zero = open("/dev/zero", O_RDONLY)
        defer { _ = close(zero) }
        var reader = NDJSONReader(fileDescriptor: zero, bufferSize: 1 << 20)
        #expect(throws: JSONStreamError.self) { while try reader.nextChunk() != nil {} }
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
