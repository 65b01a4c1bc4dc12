import ArgumentParser
import NKQKit

/// How rows are written: the format, table borders, JSON layout, and the stats of each statement.
struct OutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Output format. Default: table on a terminal, else json.", valueName: "FORMAT"))
    var format: OutputFormat?

    @Option(name: .customLong("stats-file"), help: ArgumentHelp("Append one JSON line of statistics per statement.", valueName: "PATH"),
            completion: .file())
    var statsFile: String?

    @Flag(help: "With --format csv: what Norwegian Excel opens as is (';', decimal commas, UTF-8 with a BOM, CRLF).")
    var excel = false

    @Flag(help: "Draw tables with ASCII characters only.")
    var ascii = false

    @Flag(name: .customLong("no-pager"), help: "Never send output taller than the terminal through a pager.")
    var noPager = false

    @Flag(help: "JSON layout (default: pretty on a terminal, compact otherwise).")
    var jsonLayout: JSONLayout?

    enum JSONLayout: String, EnumerableFlag {
        case pretty, compact
    }

    func validate() throws {
        if excel, format != .csv { throw ValidationError("--excel goes with --format csv") }
    }

    func fill(_ settings: inout ShellSettings) {
        settings.format = format
        settings.statsFile = statsFile
        settings.ascii = ascii
        settings.excel = excel
        settings.pager = !noPager
        settings.pretty = jsonLayout.map { $0 == .pretty }
    }
}

extension OutputFormat: ExpressibleByArgument {}
