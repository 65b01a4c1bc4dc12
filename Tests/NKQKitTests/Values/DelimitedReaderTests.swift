import Foundation
import NKQTestSupport
import Testing
@testable import NKQKit

/// CSV and TSV as spreadsheets write them: sniffed delimiters, BOMs, Windows-1252, RFC 4180
/// quoting, typed cells.
@Suite struct DelimitedReaderTests {
    func rows(_ text: String, preferred: Character = ",") throws -> [JSONValue] {
        try rows(bytes: Array(text.utf8), preferred: preferred)
    }

    func rows(bytes: [UInt8], preferred: Character = ",") throws -> [JSONValue] {
        var reader = DelimitedReader(bytes: bytes, preferred: preferred.asciiValue ?? 0)
        var out: [JSONValue] = []
        while let row = try reader.next() { out.append(row) }
        return out
    }

    @Test func theDelimiterIsSniffedFromTheHeader() throws {
        #expect(try rows("a,b\n1,2\n") == [["a": 1, "b": 2]])
        #expect(try rows("a;b\n1;2\n") == [["a": 1, "b": 2]])
        #expect(try rows("a\tb\n1\t2\n") == [["a": 1, "b": 2]])
        // Delimiters inside a quoted header name do not count.
        #expect(try rows("\"x,y,z\";b\n1;2\n") == [["x,y,z": 1, "b": 2]])
        // One column: the preferred delimiter.
        #expect(try rows("nobb\n123\n", preferred: "\t") == [["nobb": 123]])
    }

    @Test func quotingFollowsRFC4180() throws {
        let text = "name,note\r\n\"Smith, J\",\"said \"\"hi\"\"\"\r\n\"two\r\nlines\",\r\n"
        #expect(try rows(text) == [["name": "Smith, J", "note": "said \"hi\""], ["name": "two\r\nlines", "note": nil]])
    }

    /// What nkq writes as TSV, `get file` reads back as it was: tabs, line breaks, quotes and
    /// backslashes inside text survive.
    @Test func tsvWrittenByNKQReadsBackUnchanged() throws {
        let written: [JSONValue] = [
            ["name": "two\nlines\tand a tab", "path": #"C:\temp\new"#, "mark": #""quoted" start"#],
            ["name": #"3" pipe, 'single'"#, "path": "\r only", "mark": "plain"],
        ]
        let tsv = render(rows: written, columns: ["name", "path", "mark"], options: RenderOptions(format: .tsv))
        #expect(try rows(tsv, preferred: "\t") == written)
    }

    /// An endless record (a device, a file without line breaks, a quote never closed) is refused
    /// at 16 MiB with its place, not held in memory until the machine runs out.
    @Test func aRecordLongerThanTheCapIsRefusedWithItsPlace() throws {
        let fd = open("/dev/zero", O_RDONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        var endless = DelimitedReader(fileDescriptor: fd)
        #expect(throws: DelimitedReadError(line: 1, column: 1, message: "this row is longer than 16 MiB, the most nkq reads as one row")) {
            _ = try endless.next()
        }
        let long = [UInt8](repeating: UInt8(ascii: "x"), count: DelimitedReader.maxRecordBytes + 1)
        #expect(throws: DelimitedReadError(line: 2, column: 1, message: "this row is longer than 16 MiB, the most nkq reads as one row")) {
            _ = try rows(bytes: Array("a,b\n".utf8) + long)
        }
        #expect(throws: DelimitedReadError(line: 2, column: 3, message: "this quote is not closed within 16 MiB, the most nkq reads as one row")) {
            _ = try rows(bytes: Array("a,b\n1,\"".utf8) + long)
        }
        // Just under the cap is a row.
        let under = [UInt8](repeating: UInt8(ascii: "x"), count: DelimitedReader.maxRecordBytes - 1)
        #expect(try rows(bytes: Array("a\n".utf8) + under + [0x0A]).count == 1)
    }

    @Test func cellsAreTypedButLeadingZerosStayText() throws {
        let text = """
            postal;gtin;nobb;price;neg;flag;date;nordic;empty;text;huge
            0150;07020012345678;12345678;12,50;-3,5;TRUE;2024-01-31;31.01.2024;;12 stk;123456789012345678901
            """
        let row = try #require(try rows(text).first)
        #expect(row["postal"] == "0150")
        #expect(row["gtin"] == "07020012345678")
        #expect(row["nobb"] == 12345678)
        #expect(row["price"] == .number(JSONNumber(text: "12.50")))
        #expect(row["price"].numberValue?.text == "12.50")
        #expect(row["neg"] == -3.5)
        #expect(row["flag"] == true)
        #expect(row["date"] == "2024-01-31")
        #expect(row["nordic"] == "2024-01-31")
        #expect(row["empty"] == .null)
        #expect(row["text"] == "12 stk")
        #expect(row["huge"] == "123456789012345678901")
    }

    /// nkq writes an empty string as `""` and null as an empty field; both read back as written.
    @Test func aQuotedEmptyCellIsTheEmptyString() throws {
        #expect(try rows("a,b,c\n\"\",,x\n") == [["a": "", "b": nil, "c": "x"]])
        let written: [JSONValue] = [["name": "", "note": nil, "n": 1], ["name": "x", "note": "", "n": nil]]
        let csv = render(rows: written, columns: ["name", "note", "n"], options: RenderOptions(format: .csv))
        #expect(csv.contains("\"\""), "\(csv)")
        #expect(try rows(csv) == written)
    }

    /// Spaces around a number, a boolean or a date do not make it text (a join on it would never
    /// match); text keeps its spaces.
    @Test func spacesAroundACellDoNotHideItsType() throws {
        let text = "a,b,c,d,e,f,g,h\n 40000943,40000944 , true ,\t2024-01-31 , 0150 , 12 stk ,  ,\" 3.5 \"\n"
        #expect(try rows(text) == [["a": 40000943, "b": 40000944, "c": true, "d": "2024-01-31", "e": " 0150 ",
                                    "f": " 12 stk ", "g": "  ", "h": 3.5]])
        #expect(try rows("a;b\n 12,50 ;x\n").first?["a"].numberValue?.text == "12.50")
    }

    @Test func decimalCommasOnlyInSemicolonFiles() throws {
        #expect(try rows("a,b\n\"1,5\",2.5\n") == [["a": "1,5", "b": 2.5]])
        #expect(try rows("a\tb\n1,5\t2\n") == [["a": "1,5", "b": 2]])
        // Not dates: day 30 of February, or a version number.
        #expect(try rows("a;b\n2024-02-30;1.2.3\n") == [["a": "2024-02-30", "b": "1.2.3"]])
    }

    @Test func aByteOrderMarkIsDropped() throws {
        #expect(try rows(bytes: [0xEF, 0xBB, 0xBF] + Array("nobb;navn\n1;blåbær\n".utf8)) == [["nobb": 1, "navn": "blåbær"]])
    }

    @Test func windows1252IsDecodedWhenTheTextIsNotUTF8() throws {
        // "navn;pris\nBlåbær Øl;12,5 €" in Windows-1252.
        let bytes: [UInt8] = Array("navn;pris\nBl".utf8) + [0xE5] + Array("b".utf8) + [0xE6] + Array("r ".utf8) + [0xD8]
            + Array("l;12,5 ".utf8) + [0x80] + Array("\n".utf8)
        #expect(try rows(bytes: bytes) == [["navn": "Blåbær Øl", "pris": "12,5 €"]])
    }

    @Test func invalidUTF8AfterValidUTF8IsAnErrorWithItsPlace() throws {
        let bytes: [UInt8] = Array("navn\nblåbær\nok\nx".utf8) + [0xE5] + Array("\n".utf8)
        #expect(throws: DelimitedReadError(line: 4, column: 1, message: "this value is not valid UTF-8, though the text before it was")) {
            _ = try rows(bytes: bytes)
        }
    }

    @Test func errorsNameLineAndColumn() throws {
        #expect(throws: DelimitedReadError(line: 2, column: 3, message: "this quote is never closed")) {
            _ = try rows("a,b\n1,\"open\n2,3\n")
        }
        #expect(throws: DelimitedReadError(line: 3, column: 5, message: "this row has 3 fields, but the header names 2 columns")) {
            _ = try rows("a,b\n1,2\n1,2,3\n")
        }
        #expect(throws: DelimitedReadError(line: 2, column: 4, message: "expected a delimiter or the end of the line after the closing quote")) {
            _ = try rows("a,b\n\"x\"y,2\n")
        }
        #expect(throws: DelimitedReadError(line: 1, column: 3, message: "the header names the column 'a' twice")) {
            _ = try rows("a,a\n1,2\n")
        }
    }

    @Test func blankRowsShortRowsAndTrailingDelimiters() throws {
        // A trailing delimiter names an empty column; blank lines and empty rows are skipped;
        // a short row's missing cells are null.
        #expect(try rows("a;b;\n1;2;\n\n;;\n3\n") == [["a": 1, "b": 2, "column3": nil], ["a": 3, "b": nil, "column3": nil]])
        #expect(try rows("").isEmpty)
        #expect(try rows("a,b\n").isEmpty)
    }

    @Test func selectedColumnsEqualTheFullRowsOfThem() throws {
        let texts = ["a;b;\n1;2;\n\n;;\n3\n", "nobb;navn;pris\n0150;\"Blåbær, \"\"x\"\"\";12,5\n2;;3\n",
                     "x,y,z\ntrue,2024-01-31,-4.5\n,,\n7\n"]
        for text in texts {
            let full = try rows(text)
            for names in [["a"], ["b", "nobb"], ["pris", "x", "z"], [], ["missing"]] {
                var reader = DelimitedReader(bytes: Array(text.utf8))
                reader.selection = names
                var kept: [JSONValue] = []
                while let row = try reader.next() { kept.append(row) }
                let want = full.map { row -> JSONValue in
                    .object(JSONObject((row.objectValue ?? JSONObject()).filter { names.contains($0.key) }.map { ($0.key, $0.value) }))
                }
                #expect(kept == want, "\(text) keeping \(names)")
                #expect(kept.map { $0.objectValue?.keys } == want.map { $0.objectValue?.keys })
            }
        }
        // A column not kept still decides the encoding, and still breaks it.
        let bytes: [UInt8] = Array("navn;n\nblåbær;1\nx".utf8) + [0xE5] + Array(";2\n".utf8)
        var reader = DelimitedReader(bytes: bytes)
        reader.selection = ["n"]
        #expect(throws: DelimitedReadError(line: 3, column: 1, message: "this value is not valid UTF-8, though the text before it was")) {
            while try reader.next() != nil {}
        }
    }

    @Test func rowsStreamAcrossSmallReads() throws {
        // A 16-byte buffer splits quotes, CRLFs and multi-byte characters between reads.
        var text = "nobb;navn;pris\r\n"
        for i in 0..<200 { text += "\(10_000_000 + i);\"Blåbær \"\"\(i)\"\"\";\(i),25\r\n" }
        let folder = TemporaryFolder("delimited")
        defer { folder.remove() }
        let path = folder.write("rows.csv", text)
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        var reader = DelimitedReader(fileDescriptor: fd, bufferSize: 16)
        var count = 0
        while let row = try reader.next() {
            #expect(row == ["nobb": .number(JSONNumber(10_000_000 + count)), "navn": .string("Blåbær \"\(count)\""),
                            "pris": .number(JSONNumber(text: "\(count).25"))])
            count += 1
        }
        #expect(count == 200)
    }
}
