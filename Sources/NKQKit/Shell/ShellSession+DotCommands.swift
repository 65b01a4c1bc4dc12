import Foundation

extension ShellSession {
    /// Runs one dot-command line. Output for people goes to stderr except listings a user asked
    /// for (`.help`, `.fields`, …), which go to stdout like rows do.
    func runCommand(_ line: String, at span: SourceSpan, in source: SourceText) async -> Result {
        func refuse(_ message: String, help: String? = nil) -> Result {
            report([.error(.syntax, message, at: span, help: help)], in: source)
            return Result(status: .refused, quit: false)
        }
        guard let command = DotCommand(parsing: line) else { return refuse("unterminated quote in '\(line)'") }
        guard let definition = DotCommand.definition(named: command.name) else {
            let names = DotCommand.definitions.map(\.name)
            return refuse("unknown command '.\(command.name)'",
                          help: Suggestion.closest(to: command.name, in: names).map { "did you mean '.\($0)'?" } ?? "see .help")
        }
        let args = command.arguments
        func say(_ text: String) { output.write(text.hasSuffix("\n") ? text : text + "\n") }
        func onOff(_ current: Bool) -> Bool? {
            switch args.first?.lowercased() {
            case nil: !current
            case "on": true
            case "off": false
            default: nil
            }
        }
        switch definition.name {
        case "help":
            if let topic = args.first {
                guard let t = ShellHelp.topics.first(where: { $0.name == topic.lowercased() }) else {
                    if let d = DotCommand.definition(named: topic.hasPrefix(".") ? String(topic.dropFirst()) : topic) {
                        say("\(d.usage)\n  \(d.summary)")
                        return Result(status: .ok, quit: false)
                    }
                    return refuse("no help topic '\(topic)'", help: Suggestion.help(for: topic, in: ShellHelp.topics.map(\.name))
                                  ?? "topics: " + ShellHelp.topics.map(\.name).joined(separator: ", "))
                }
                say(t.text)
            } else {
                say(ShellHelp.overview())
            }
        case "format":
            guard let name = args.first else {
                say("format: \(settings.effectiveFormat.rawValue)" + (settings.excel && settings.effectiveFormat == .csv ? " excel" : ""))
                break
            }
            guard let format = OutputFormat(rawValue: name.lowercased()) else {
                return refuse("unknown format '\(name)'", help: Suggestion.help(for: name, in: OutputFormat.allCases.map(\.rawValue))
                              ?? "formats: " + OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let excel = args.dropFirst().first?.lowercased() == "excel"
            if args.count > 1, !excel || format != .csv || args.count > 2 {
                return refuse("write .format csv excel for CSV that Norwegian Excel opens as is; other formats take nothing more")
            }
            settings.format = format
            settings.excel = excel
            StandardError.write("format \(format.rawValue)\(excel ? " excel" : "")\n")
        case "timing", "explain":
            let isTiming = definition.name == "timing"
            guard let value = onOff(isTiming ? settings.timing : settings.explain) else { return refuse("write \(definition.usage)") }
            if isTiming { settings.timing = value } else { settings.explain = value }
            StandardError.write("\(definition.name) \(value ? "on" : "off")\n")
        case "pager", "confirm":
            let isPager = definition.name == "pager"
            guard let value = onOff(isPager ? settings.pager : settings.confirm) else { return refuse("write \(definition.usage)") }
            if isPager { settings.pager = value } else { settings.confirm = value }
            StandardError.write("\(definition.name) \(value ? "on" : "off")\n")
        case "stats":
            guard let last = lastStats else { say("no statement has run yet"); break }
            let s = last.stats
            say("""
            statement: \(last.statement)
            calls: \(s.calls), retries: \(s.retries), throttled (429): \(s.throttled), waited: \(String(format: "%.1f", s.waitedSeconds)) s
            cache hits: \(s.cacheHits), rows: \(s.rows), elapsed: \(String(format: "%.3f", s.elapsedSeconds)) s, complete: \(s.complete ? "yes" : "no")
            """)
        case "quota":
            guard let q = runner.quota() else { say("quota: not seen yet (no API call made in this session)"); break }
            say(q.lines().joined(separator: "\n"))
        case "cache":
            switch args.first?.lowercased() {
            case "clear":
                let removed = await runner.clearCache()
                StandardError.write("cache cleared (\(removed) \(removed == 1 ? "entry" : "entries") on disk)\n")
            case "on": settings.cacheEnabled = true; StandardError.write("cache on\n")
            case "off": settings.cacheEnabled = false; StandardError.write("cache off\n")
            case nil: say("cache: \(settings.cacheEnabled ? "on" : "off")")
            default: return refuse("write \(definition.usage)")
            }
        case "read":
            guard args.count == 1 else { return refuse("write .read FILE") }
            guard readDepth < 16 else { return refuse(".read is nested too deep (does a file read itself?)") }
            let script: SourceText
            do { script = try Self.load(args[0]) } catch {
                report([error.diagnostic], in: nil)
                return Result(status: error.status, quit: false)
            }
            readDepth += 1
            defer { readDepth -= 1 }
            return await run(script, mode: .script)
        case "output":
            do {
                try output.redirect(to: args.first)
                StandardError.write(args.first.map { "output to \($0)\n" } ?? "output to standard output\n")
            } catch let error as ShellError {
                report([error.diagnostic], in: nil)
                return Result(status: .failed, quit: false)
            } catch {
                return refuse("\(error)")
            }
        case "sources":
            let width = Schema.resources.map(\.name.count).max() ?? 0
            var text = ""
            for r in Schema.resources {
                text += r.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + r.summary
                if let api = APIResource.read(by: r.name) {
                    text += " (" + api.method.rawValue + " " + settings.apiVersions.path(of: api) + ")"
                }
                text += "\n"
            }
            text += "file 'PATH'".padding(toLength: width + 2, withPad: " ", startingAt: 0) + "Rows from a JSON array or NDJSON file.\n"
            text += "stdin".padding(toLength: width + 2, withPad: " ", startingAt: 0) + "Rows from standard input (with -c).\n"
            say(text)
        case "fields":
            guard let name = args.first else { return refuse("write .fields SOURCE", help: "sources: " + Schema.resources.map(\.name).joined(separator: ", ")) }
            guard let resource = Schema.resource(named: name) else {
                return refuse("unknown source '\(name)'", help: Suggestion.help(for: name, in: Schema.resources.map(\.name))
                              ?? "sources: " + Schema.resources.map(\.name).joined(separator: ", "))
            }
            say(Self.fieldListing(resource))
        case "params":
            let bound = runner.parameters()
            say(bound.isEmpty ? "no parameters bound (use let NAME = VALUE or --param NAME=VALUE)"
                              : bound.map { "$\($0.name) = \($0.value)" }.joined(separator: "\n"))
        case "profile":
            let details = runner.targetDetails
            let width = details.map(\.0.count).max() ?? 0
            say(details.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }.joined(separator: "\n"))
        case "quit":
            return Result(status: .ok, quit: true)
        default:
            return refuse("unknown command '.\(command.name)'")
        }
        return Result(status: .ok, quit: false)
    }

    /// A script file as text; `-` is standard input.
    static func load(_ path: String) throws(ShellError) -> SourceText {
        let data: Data?
        if path == "-" {
            StandardInputPeek.holdTheScript()
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                throw ShellError("cannot read '\(path)': no such file")
            }
            data = FileManager.default.contents(atPath: path)
        }
        guard let data else { throw ShellError("cannot read '\(path)'", help: "check its permissions") }
        guard let text = String(data: data, encoding: .utf8) else { throw ShellError("'\(path)' is not UTF-8 text") }
        return SourceText(text, name: path == "-" ? "<stdin>" : path)
    }

    static func fieldListing(_ resource: ResourceSchema) -> String {
        var rows: [(String, String, String)] = []
        func walk(_ fields: [FieldSchema], prefix: String) {
            for f in fields {
                let path = prefix.isEmpty ? f.name : prefix + "." + f.name
                var type = f.type.description + (f.nullable ? " or null" : "")
                if f.inputOnly { type += " (input only)" }
                switch f.type {
                case .object(let nested):
                    rows.append((path, type, f.summary))
                    walk(nested, prefix: path)
                case .array(.object(let nested)):
                    // A path through an array is refused by the language: name the fields that
                    // `flatten` brings up instead of listing paths that cannot be written.
                    rows.append((path, type, f.summary + " `| flatten \(path)` gives: "
                        + nested.map(\.name).joined(separator: ", ") + "."))
                default:
                    rows.append((path, type, f.summary))
                }
            }
        }
        walk(resource.fields, prefix: "")
        for (alias, path) in resource.aliases.sorted(by: { $0.key < $1.key }) {
            rows.append((alias, "alias", "Short for \(path)."))
        }
        let w0 = rows.map(\.0.count).max() ?? 0
        let w1 = min(28, rows.map(\.1.count).max() ?? 0)
        return "\(resource.name): \(resource.summary)\n" + rows.map {
            "  " + $0.0.padding(toLength: w0 + 2, withPad: " ", startingAt: 0)
                + ($0.1.count > w1 ? $0.1 + "  " : $0.1.padding(toLength: w1 + 2, withPad: " ", startingAt: 0)) + $0.2
        }.joined(separator: "\n")
    }
}
