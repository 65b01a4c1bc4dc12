import Foundation

/// The version nkq calls for each API resource: the catalogue's default unless set by
/// `--api-version RESOURCE=vN` or a profile's `versions` table.
public struct APIVersions: Sendable, Hashable {
    private var chosen: [String: Int] = [:]

    public init() {}

    public func version(of resource: APIResource) -> Int { chosen[resource.name] ?? resource.defaultVersion }

    public func path(of resource: APIResource) -> String { resource.path(version: version(of: resource)) }

    /// Sets a resource's version; the error says what is wrong with the name or the version.
    public mutating func set(_ name: String, _ version: String) throws(VersionError) {
        guard let resource = APIResource.named(name) else {
            throw VersionError(message: "'\(name)' is not an API resource",
                               help: "resources: " + APIResource.all.map(\.name).joined(separator: ", "))
        }
        guard version.first == "v" || version.first == "V", let number = Int(version.dropFirst()), (1...99).contains(number) else {
            throw VersionError(message: "'\(version)' is not a version", help: "write vN, e.g. \(resource.name)=v2")
        }
        chosen[resource.name] = number
    }

    /// `RESOURCE=vN`, as `--api-version` takes it.
    public mutating func set(assignment text: String) throws(VersionError) {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw VersionError(message: "'\(text)' is not RESOURCE=vN", help: "e.g. --api-version prices=v2")
        }
        try set(parts[0].trimmingCharacters(in: .whitespaces), parts[1].trimmingCharacters(in: .whitespaces))
    }

    /// These versions with `other`'s choices on top: a flag's over a profile's.
    public func overridden(by other: APIVersions) -> APIVersions {
        var merged = self
        merged.chosen.merge(other.chosen) { _, flag in flag }
        return merged
    }

    /// The versions that differ from the catalogue's defaults, e.g. `prices=v2`.
    public var changes: [String] {
        APIResource.all.compactMap { resource in
            chosen[resource.name].flatMap { $0 == resource.defaultVersion ? nil : "\(resource.name)=v\($0)" }
        }
    }

    public struct VersionError: Error, Sendable, CustomStringConvertible {
        public let message: String
        public let help: String
        public var description: String { "\(message) (\(help))" }
    }
}
