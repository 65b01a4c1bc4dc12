import Foundation
import Testing
@testable import NKQSimulator

/// docs/openapi.yaml must describe exactly the routes in `SimulatorRoute.all`, which the server dispatches from.
@Suite struct OpenAPITests {
    /// Operations under `paths:`: path → method → the operation's text.
    static func operations() throws -> [String: [String: String]] {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/openapi.yaml")
        let lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        var result: [String: [String: String]] = [:]
        var inPaths = false
        var path: String?
        var method: String?
        for line in lines {
            if !line.hasPrefix(" ") && !line.isEmpty {
                inPaths = line == "paths:"
                path = nil
                continue
            }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast())
                method = nil
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                method = line.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ":", with: "").uppercased()
                result[path, default: [:]][method!] = ""
            } else if let path, let method {
                result[path]![method]! += line + "\n"
            }
        }
        return result
    }

    @Test func everyServedRouteIsDescribed() throws {
        let operations = try Self.operations()
        for route in SimulatorRoute.all {
            #expect(operations[route.path]?[route.method] != nil, "\(route.method) \(route.path) is missing from docs/openapi.yaml")
        }
    }

    @Test func everyDescribedRouteIsServed() throws {
        let served = Set(SimulatorRoute.all.map { "\($0.method) \($0.path)" })
        for (path, methods) in try Self.operations() {
            for method in methods.keys {
                #expect(served.contains("\(method) \(path)"), "\(method) \(path) is described but not served")
            }
        }
    }

    @Test func apiRoutesDescribeTheirErrors() throws {
        let operations = try Self.operations()
        for route in SimulatorRoute.all where route.isAPI {
            let text = try #require(operations[route.path]?[route.method])
            for status in ["200", "400", "401", "403", "429", "500", "502"] {
                #expect(text.contains("\"\(status)\":"), "\(route.path) does not describe \(status)")
            }
        }
    }
}
