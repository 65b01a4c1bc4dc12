import ArgumentParser
import NKQKit

/// `--api-version RESOURCE=vN`: the version nkq calls, and for `nkq sim` the version it serves.
/// One group for both, so that the option keeps one meaning when parsed for the parent command.
struct APIVersionOptions: ParsableArguments {
    @Option(name: .customLong("api-version"), help: ArgumentHelp(
        "An API resource's version, e.g. prices=v2 (repeatable): the one nkq calls, or the one nkq sim serves.",
        valueName: "RESOURCE=vN"))
    var assignments: [String] = []

    func validate() throws {
        _ = try versions()
    }

    func versions() throws -> APIVersions {
        var versions = APIVersions()
        for assignment in assignments {
            do {
                try versions.set(assignment: assignment)
            } catch {
                throw ValidationError("--api-version: \(error.message) (\(error.help))")
            }
        }
        return versions
    }
}
