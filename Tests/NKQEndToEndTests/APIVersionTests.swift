import Foundation
import NKQTestSupport
import Testing

/// Per-resource versions and their announced end, against `nkq sim` processes.
@Suite struct APIVersionTests {
    let nkq = NKQProcess()
    let demo = ["NKQ_CLIENT_ID": "demo", "NKQ_CLIENT_SECRET": "demo-secret"]

    @Test func aResourceAtV2IsCalledWithTheFlagAndAnEndedVersionNamesIt() async throws {
        let sim = try SimProcess(["--api-version", "prices=v2"])
        let statement = "get prices where supplier = 10012 | limit 2"
        let v2 = try await nkq.run(sim.target + ["--api-version", "prices=v2", "--format", "ndjson", "-c", statement],
                             environment: demo)
        #expect(v2.status == 0, "\(v2.stderr)")
        let rows = v2.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(rows.count == 2)
        // The field v1 lacks passes through `select *` (unknown to nkq's schema).
        #expect(rows.allSatisfy { ($0["productName"] as? String)?.isEmpty == false })
        let star = try await nkq.run(sim.target + ["--api-version", "prices=v2", "--format", "ndjson", "-c", statement + " | select *"],
                               environment: demo)
        #expect(star.stdout == v2.stdout, "\(star.stderr)")
        let csv = try await nkq.run(sim.target + ["--api-version", "prices=v2", "--format", "csv", "-c", statement], environment: demo)
        #expect(csv.stdout.split(whereSeparator: \.isNewline).first?.hasSuffix(",productName") == true, "\(csv.stdout)")

        let v1 = try await nkq.run(sim.target + ["-c", statement], environment: demo)
        #expect(v1.status == 1)
        #expect(v1.stderr.contains("no longer serves prices v1"), "\(v1.stderr)")
        #expect(v1.stderr.contains("--api-version prices=vN"))
    }

    @Test func aProfilesVersionsTableSwitchesAVersionAndTheFlagWins() async throws {
        let sim = try SimProcess(["--api-version", "prices=v2"])
        nkq.home.write("config/nkq/config.toml", """
        [profile.sim]
        endpoint = "\(sim.baseURL)/nobbkontrakt"
        token_url = "\(sim.baseURL)/api/v1/token"
        client_id = "demo"
        client_secret_env = "SIM_SECRET"

        [profile.sim.versions]
        prices = "v2"
        """)
        let statement = "get prices where supplier = 10012 | limit 2 | count"
        let env = ["SIM_SECRET": "demo-secret"]
        let profile = try await nkq.run(["--profile", "sim", "--format", "ndjson", "-c", statement], environment: env)
        #expect(profile.status == 0, "\(profile.stderr)")
        #expect(profile.stdout == "{\"count\":2}\n")
        let flag = try await nkq.run(["--profile", "sim", "--api-version", "prices=v1", "-c", statement], environment: env)
        #expect(flag.status == 1)
        #expect(flag.stderr.contains("no longer serves prices v1"), "\(flag.stderr)")
    }

    /// Tolerant reading: a field the schema does not know may be named on API rows that have it
    /// (and on file rows); on API rows that lack it too, it is an error with a did-you-mean.
    @Test func aFieldUnknownToTheSchemaWorksWhereTheRowsHaveIt() async throws {
        let sim = try SimProcess(["--api-version", "prices=v2"])
        let v2 = sim.target + ["--api-version", "prices=v2", "--format", "ndjson"]
        let named = try await nkq.run(v2 + ["-c", "get prices where supplier = 10012 and productName contains 'a' | select nobbNumber, productName | limit 2"],
                                environment: demo)
        #expect(named.status == 0, "\(named.stderr)")
        #expect(named.stdout.split(separator: "\n").count == 2)
        #expect(named.stdout.contains("\"productName\":"), "\(named.stdout)")

        let typo = try await nkq.run(v2 + ["-c", "get prices where supplier = 10012 | select productNam"], environment: demo)
        #expect(typo.status == 2)
        #expect(typo.stdout.isEmpty)
        #expect(typo.stderr.contains("error: unknown field 'productNam'"), "\(typo.stderr)")
        #expect(typo.stderr.contains("did you mean 'productName'?"), "\(typo.stderr)")

        // Version 1 rows have no productName: there it is an error.
        let v1sim = try SimProcess([])
        let v1 = try await nkq.run(v1sim.target + ["-c", "get prices where supplier = 10012 | select productName"], environment: demo)
        #expect(v1.status == 2)
        #expect(v1.stderr.contains("error: unknown field 'productName'"), "\(v1.stderr)")

        // File rows read as prices: the field works there as well.
        let file = nkq.home.write("rows.ndjson", "{\"nobbNumber\": 1, \"productName\": \"a\"}\n{\"nobbNumber\": 2, \"productName\": \"b\"}\n")
        let fromFile = try await nkq.run(["--format", "ndjson", "-c", "get file '\(file)' as prices | where productName = 'b' | select nobbNumber"])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(fromFile.stdout == "{\"nobbNumber\":2}\n")
    }

    @Test func badVersionFlagsAreUsageErrors() async throws {
        for value in ["prices=2", "stock=v2", "prices"] {
            let r = try await nkq.run(["--api-version", value, "-c", "get zones where supplier = 10012"])
            #expect(r.status == 2, "\(value): \(r.stderr)")
            #expect(r.stderr.contains("--api-version"))
        }
    }

    @Test func aSunsetGivesOneWarningPerSessionWithItsDate() async throws {
        let sim = try SimProcess(["--sunset", "contracts=2027-06-01"])
        let r = try await nkq.run(sim.target + [
            "--format", "ndjson",
            "-c", "get contracts where supplier = 10002 | count",
            "-c", "get contracts where supplier = 10003 | count",
            "-c", "get zones where supplier = 10012 | count",
        ], environment: demo)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "{\"count\":10}\n{\"count\":20}\n{\"count\":1}\n")
        let warnings = r.stderr.split(separator: "\n").filter { $0.hasPrefix("warning:") }
        #expect(warnings.count == 1, "\(r.stderr)")
        #expect(warnings.first?.contains("contracts v1") == true)
        #expect(warnings.first?.contains("2027-06-01") == true)
        #expect(warnings.first?.contains("--api-version contracts=vN") == true)
    }
}
