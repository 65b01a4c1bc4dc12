import Foundation

/// The text of `.help` and its topics.
enum ShellHelp {
    struct Topic: Sendable {
        let name: String
        let text: String
    }

    static let topics: [Topic] = [
        Topic(name: "language", text: """
        Statements end at ';' or at the end of a line; a line that ends or begins with '|', or
        leaves a parenthesis or string open, continues. '#' starts a comment.

          get SOURCE [where PREDICATE] { | STAGE }
          explain get …                  the plan: API calls, where each filter runs
          let NAME = VALUE               bind $NAME (so does --param NAME=VALUE)

        Stages: where P | select F [as N], … | select * | sort F [asc|desc], … | limit N
                flatten F | distinct [F, …] | count | group by F, … with count(), sum(F) [as N], …
        Predicates: = != < <= > >=, in (…), not in (…), contains 'text', matches 'regex',
                    is [not] null, and, or, not, ( … )
        Values: 42, 1.5, 'text', "text", 2024-01-31, 2024-01-31T10:00:00Z, today - 30d,
                now - 2h, true, false, null, (1, 2, 3), $NAME
        """),
        Topic(name: "sources", text: """
        contracts, conditions, prices, zones, orderprices (see .sources and .fields SOURCE),
        file 'PATH' (a JSON array, NDJSON, CSV or TSV file), stdin (the same from standard input).
        """),
        Topic(name: "examples", text: """
          get contracts where supplier in (10012, 10017) and approved >= 2024-01-01 |
            select contractId, text, approved | sort approved desc
          get conditions where level = 'productGroup' | group by supplier with count() as n
          get prices where nobb in (1234567, 2345678) | select nobbNumber, purchasePrice.value
          explain get contracts where supplier = 10012
        """),
        Topic(name: "keys", text: """
        Tab completes keywords, sources, fields and dot-commands; Up/Down walk the history;
        Ctrl-R searches it (again: an older match; Enter runs it, an arrow takes it to edit, Ctrl-G
        gives the line back); a pasted block of lines runs as a script; Ctrl-C clears the line or
        stops a running statement; Ctrl-D leaves.
        Emacs keys by default; put 'bind -v' in ~/.editrc for vi keys.
        """),
        Topic(name: "exit", text: """
        Exit status: 0 ok; 1 query or API error; 2 usage error, or a statement refused before any
        call; 3 partial result, or refused by --max-calls; 4 authentication or permission;
        130 interrupted. A script stops at the first failing statement unless --continue-on-error.
        """),
    ]

    static func overview() -> String {
        let width = DotCommand.definitions.map(\.usage.count).max() ?? 0
        var out = "Dot-commands:\n"
        for d in DotCommand.definitions {
            out += "  " + d.usage.padding(toLength: width + 2, withPad: " ", startingAt: 0) + d.summary + "\n"
        }
        out += "Anything else is a statement, e.g. get contracts | limit 5\n"
        out += "Topics: .help " + topics.map(\.name).joined(separator: ", .help ") + "\n"
        return out
    }
}
