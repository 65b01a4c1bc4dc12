import Foundation
import Testing
@testable import NKQKit

/// A profile's `[profile.NAME.versions]` table: read and checked as `--api-version` is.
@Suite struct ProfileVersionsTests {
    static func config(_ text: String) throws(ShellError) -> ConfigFile {
        try ConfigFile(path: "config.toml", document: try TOMLDocument.parse(SourceText(text, name: "config.toml")))
    }

    @Test func aVersionsTableSwitchesTheProfilesResources() throws {
        let config = try Self.config("""
        [profile.prod]
        endpoint = "https://api.example.no/nobbkontrakt"

        [profile.prod.versions]
        prices = "v2"
        """)
        let versions = try #require(config.profile(named: "prod")).versions
        #expect(versions.path(of: .prices) == "/v2/prices")
        #expect(versions.path(of: .contracts) == "/v1/contracts")
    }

    @Test func theFlagWinsOverTheProfile() throws {
        var profile = APIVersions()
        try profile.set("prices", "v2")
        try profile.set("zones", "v3")
        var flags = APIVersions()
        try flags.set("prices", "v1")
        let merged = profile.overridden(by: flags)
        #expect(merged.path(of: .prices) == "/v1/prices")
        #expect(merged.path(of: .zones) == "/v3/zones")
    }

    @Test func anUnknownResourceOrVersionPointsAtTheText() {
        #expect(throws: ShellError.self) { try Self.config("[profile.p.versions]\nprice = \"v2\"\n") }
        do {
            _ = try Self.config("[profile.p.versions]\nprice = \"v2\"\n")
        } catch {
            let text = error.rendered()
            #expect(text.contains("'price' is not an API resource"), "\(text)")
            #expect(text.contains("did you mean 'prices'?"), "\(text)")
            #expect(text.contains("config.toml:2:1"), "\(text)")
        }
        do {
            _ = try Self.config("[profile.p.versions]\nprices = \"2\"\n")
        } catch {
            let text = error.rendered()
            #expect(text.contains("'2' is not a version"), "\(text)")
            #expect(text.contains("config.toml:2:10"), "\(text)")
        }
    }
}
