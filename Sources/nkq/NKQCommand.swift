import ArgumentParser
import NKQKit
import NKQSimulator

@main
struct NKQCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nkq",
        abstract: "A query shell for the NOBB Kontrakt API.",
        subcommands: [SimCommand.self]
    )
    func run() async throws {
        print("nkq")
    }
}
