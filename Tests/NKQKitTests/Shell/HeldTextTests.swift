import Foundation
import NKQTestSupport
import Testing
@testable import NKQKit

/// Text held until a statement succeeds leaves memory past its threshold for an unlinked 0600
/// file in `$TMPDIR`, is written whole on success and not at all on failure.
@Suite struct HeldTextTests {
    /// This process's descriptors open on a held-text file: (descriptor, its link's text).
    static func heldFiles(in folder: String) -> [(fd: String, link: String)] {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return fds.compactMap { fd in
            guard let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + fd),
                  link.hasPrefix(folder + "/nkq-held-") else { return nil }
            return (fd, link)
        }
    }

    @Test func heldTextPastTheThresholdGoesToAnUnlinkedPrivateFileAndIsWrittenWholeOnFlush() throws {
        let folder = TemporaryFolder("held")
        defer { folder.remove() }
        let outPath = folder.path + "/out.txt"
        let output = ShellOutput(standardOutput: try FileOutput(path: outPath))
        let held = ShellTextOutput(output, holding: true,
                                   held: .init(spillBytes: 1000, environment: ["TMPDIR": folder.path + "/"]))
        var expected = ""
        for i in 0..<5_000 {
            let line = "row \(i) æøå\n"
            expected += line
            held.write(line)
        }
        // Nothing written yet; the text is in one file nobody else can read, with no name.
        try output.flush()
        #expect(try String(contentsOfFile: outPath, encoding: .utf8).isEmpty)
        let files = Self.heldFiles(in: folder.path)
        #expect(files.count == 1, "\(files)")
        if let file = files.first {
            #expect(file.link.hasSuffix(" (deleted)"), "\(file.link)")
            var info = stat()
            #expect(stat("/proc/self/fd/" + file.fd, &info) == 0)
            #expect(info.st_mode & 0o777 == 0o600)
            #expect(info.st_size > 50_000)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.txt"])

        try held.flush()
        try output.flush()
        #expect(try String(contentsOfFile: outPath, encoding: .utf8) == expected)
        #expect(Self.heldFiles(in: folder.path).isEmpty)
    }

    @Test func discardedTextIsNeverWrittenAndItsFileIsGone() throws {
        let folder = TemporaryFolder("held")
        defer { folder.remove() }
        let outPath = folder.path + "/out.txt"
        let output = ShellOutput(standardOutput: try FileOutput(path: outPath))
        let held = ShellTextOutput(output, holding: true, held: .init(spillBytes: 100, environment: ["TMPDIR": folder.path]))
        for i in 0..<1_000 { held.write("row \(i)\n") }
        #expect(Self.heldFiles(in: folder.path).count == 1)
        held.discard()
        try held.flush()
        try output.flush()
        #expect(try String(contentsOfFile: outPath, encoding: .utf8).isEmpty)
        #expect(Self.heldFiles(in: folder.path).isEmpty)
    }

    @Test func aFolderWhereNothingCanBeHeldFailsInsteadOfWritingPart() throws {
        let folder = TemporaryFolder("held")
        defer { folder.remove() }
        let outPath = folder.path + "/out.txt"
        let output = ShellOutput(standardOutput: try FileOutput(path: outPath))
        let held = ShellTextOutput(output, holding: true,
                                   held: .init(spillBytes: 100, environment: ["TMPDIR": folder.path + "/missing"]))
        for i in 0..<1_000 { held.write("row \(i)\n") }
        #expect(held.failure?.path?.hasPrefix(folder.path + "/missing/nkq-held-") == true, "\(String(describing: held.failure))")
        #expect(throws: OutputError.self) { try held.flush() }
        try output.flush()
        #expect(try String(contentsOfFile: outPath, encoding: .utf8).isEmpty)
    }

    @Test func aStatementPastTheThresholdWritesItsWholeAnswerAndAFailingOneNothing() async throws {
        let folder = TemporaryFolder("held")
        defer { folder.remove() }
        let good = (0..<3_000).map { "{\"n\":\($0),\"s\":\"æøå \($0)\"}\n" }.joined()
        let rows = folder.write("rows.ndjson", good)
        let broken = folder.write("broken.ndjson", good + "{\"n\":\n")
        for format in [OutputFormat.json, .csv, .tsv, .markdown, .table] {
            var settings = ShellSettings(format: format)
            settings.heldText = .init(spillBytes: 4096, environment: ["TMPDIR": folder.path])
            settings.pager = false
            let outPath = folder.path + "/out-\(format)"
            let output = ShellOutput(standardOutput: try FileOutput(path: outPath))
            let runner = StatementRunner(.target(Target(apiBaseURL: "http://127.0.0.1:9/x", tokenURL: "http://127.0.0.1:9/t",
                                                        credentials: Credentials(clientID: "c", clientSecret: "s"))))
            let session = await ShellSession(settings: settings, runner: runner, output: output)

            // The same answer as a run that never spills.
            let small = ShellOutput(standardOutput: try FileOutput(path: outPath + "-memory"))
            var inMemory = settings
            inMemory.heldText = .init(spillBytes: 1 << 30)
            let reference = await ShellSession(settings: inMemory, runner: runner, output: small)
            #expect(await reference.run(SourceText("get file '\(rows)'"), mode: .script).status == .ok)
            try small.flush()

            #expect(await session.run(SourceText("get file '\(rows)'"), mode: .script).status == .ok)
            try output.flush()
            let written = try String(contentsOfFile: outPath, encoding: .utf8)
            #expect(written.utf8.count > 3 * 4096, "\(format)")
            #expect(written == (try String(contentsOfFile: outPath + "-memory", encoding: .utf8)), "\(format)")
            #expect(written.contains("2999"), "\(format)")

            let failed = await session.run(SourceText("get file '\(broken)'"), mode: .script)
            #expect(failed.status == .failed, "\(format)")
            try output.flush()
            #expect(try String(contentsOfFile: outPath, encoding: .utf8) == written, "\(format): the failing statement wrote")
        }
        #expect(Self.heldFiles(in: folder.path).isEmpty)
    }
}
