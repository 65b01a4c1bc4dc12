import ArgumentParser
import NKQKit

/// Which API to talk to; none of these flags means the embedded simulator.
struct TargetOptions: ParsableArguments {
    @Option(help: ArgumentHelp("API base URL of a real endpoint (with --token-url).", valueName: "URL"))
    var endpoint: String?

    @Option(name: .customLong("token-url"), help: ArgumentHelp("OAuth token endpoint of the real API.", valueName: "URL"))
    var tokenURL: String?

    @Option(help: ArgumentHelp("Use a profile from the config file.", valueName: "NAME"))
    var profile: String?

    @OptionGroup var apiVersions: APIVersionOptions

    func validate() throws {
        if tokenURL != nil, endpoint == nil, profile == nil {
            throw ValidationError("--token-url needs --endpoint or --profile")
        }
    }

    func fill(_ settings: inout ShellSettings) {
        settings.target = Target.Flags(endpoint: endpoint, tokenURL: tokenURL, profile: profile)
        // `validate()` has refused values that do not read.
        settings.apiVersions = (try? apiVersions.versions()) ?? APIVersions()
    }
}
