import Foundation

/// `$XDG_CONFIG_HOME/nkq/config.toml` (default `~/.config/nkq/config.toml`): the profiles.
///
///     [profile.prod]
///     endpoint = "https://api.byggtjeneste.no/nobbkontrakt"
///     token_url = "https://auth.byggtjeneste.no/api/v1/token"
///     scope = "api://5d3672f7-5d67-4f95-9281-04e8b466c0de/.default"
///     client_id = "my-client"
///     client_secret_env = "NOBB_SECRET"      # or client_secret_command = "pass show nobb"
///
///     [profile.prod.versions]
///     prices = "v2"
public struct ConfigFile: Sendable {
    public var path: String
    public var profiles: [Profile]

    public func profile(named name: String) -> Profile? {
        profiles.first { $0.name == name }
    }

    public static func defaultPath(environment: [String: String]) -> String {
        XDGDirectories(environment: environment).config + "/nkq/config.toml"
    }

    /// The versions the profile `--profile` names calls (none without one), with `flags`
    /// (`--api-version`) on top. Called once the profile has been found.
    static func versions(profile name: String?, overriddenBy flags: APIVersions, environment: [String: String])
        throws(ShellError) -> APIVersions
    {
        guard let name, let config = try load(path: defaultPath(environment: environment)),
              let profile = config.profile(named: name) else { return flags }
        return profile.versions.overridden(by: flags)
    }

    /// Reads and checks the file; nil when it does not exist.
    public static func load(path: String) throws(ShellError) -> ConfigFile? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ShellError("cannot read the config file \(path)", help: "check its permissions")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ShellError("the config file \(path) is not UTF-8 text")
        }
        let document = try TOMLDocument.parse(SourceText(text, name: path))
        let config = try ConfigFile(path: path, document: document)
        if config.profiles.contains(where: { if case .literal = $0.secret { true } else { false } }) {
            try Self.checkPrivate(path)
        }
        return config
    }

    init(path: String, document: TOMLDocument) throws(ShellError) {
        self.path = path
        var profiles: [Profile] = []
        var versionTables: [(name: String, table: TOMLDocument.Table)] = []
        for table in document.tables {
            if table.path.isEmpty {
                if let first = table.entries.first {
                    throw Self.error("keys must be inside a [profile.NAME] table", at: first.keySpan, in: document)
                }
                continue
            }
            if table.path.count == 3, table.path[0] == "profile", table.path[2] == "versions" {
                versionTables.append((table.path[1], table))
                continue
            }
            guard table.path.count == 2, table.path[0] == "profile" else {
                throw Self.error("unknown table [\(table.path.joined(separator: "."))]", at: table.headerSpan, in: document,
                                 help: "profiles are written as [profile.NAME], their versions as [profile.NAME.versions]")
            }
            profiles.append(try Self.profile(named: table.path[1], from: table, in: document))
        }
        for (name, table) in versionTables {
            let versions = try Self.versions(from: table, in: document)
            if let index = profiles.firstIndex(where: { $0.name == name }) {
                profiles[index].versions = versions
            } else {
                var profile = Profile(name: name)  // as in TOML, the sub-table makes its parent
                profile.versions = versions
                profiles.append(profile)
            }
        }
        self.profiles = profiles
    }

    /// `RESOURCE = "vN"` lines, checked as `--api-version` checks them.
    private static func versions(from table: TOMLDocument.Table, in document: TOMLDocument) throws(ShellError) -> APIVersions {
        var versions = APIVersions()
        for entry in table.entries {
            guard case .string(let value) = entry.value else {
                throw error("'\(entry.key)' must be a string such as \"v2\", not \(entry.value.typeName)", at: entry.valueSpan,
                            in: document)
            }
            do {
                try versions.set(entry.key, value)
            } catch {
                let unknownResource = APIResource.named(entry.key) == nil
                throw Self.error(error.message, at: unknownResource ? entry.keySpan : entry.valueSpan, in: document,
                                 help: (unknownResource ? Suggestion.help(for: entry.key, in: APIResource.all.map(\.name)) : nil)
                                    ?? error.help)
            }
        }
        return versions
    }

    private static func profile(named name: String, from table: TOMLDocument.Table, in document: TOMLDocument) throws(ShellError) -> Profile {
        var profile = Profile(name: name)
        var secretKey: TOMLDocument.Entry?
        for entry in table.entries {
            guard Profile.keys.contains(entry.key) else {
                throw error("unknown key '\(entry.key)' in [profile.\(name)]", at: entry.keySpan, in: document,
                            help: Suggestion.help(for: entry.key, in: Profile.keys)
                                ?? "known keys: " + Profile.keys.joined(separator: ", "))
            }
            guard case .string(let value) = entry.value else {
                throw error("'\(entry.key)' must be a string, not \(entry.value.typeName)", at: entry.valueSpan, in: document)
            }
            switch entry.key {
            case "endpoint": profile.endpoint = value
            case "token_url": profile.tokenURL = value
            case "scope": profile.scope = value
            case "client_id": profile.clientID = value
            default:
                if let earlier = secretKey {
                    throw error("both '\(earlier.key)' and '\(entry.key)' give the client secret", at: entry.keySpan,
                                in: document, help: "keep one of them")
                }
                secretKey = entry
                switch entry.key {
                case "client_secret_env": profile.secret = .environment(value)
                case "client_secret_command": profile.secret = .command(value)
                default: profile.secret = .literal(Secret(value))
                }
            }
        }
        return profile
    }

    /// A file that holds a literal secret must not be readable by group or others. Through a
    /// symbolic link the file's own mode counts (a link's is always 777).
    static func checkPrivate(_ path: String) throws(ShellError) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw ShellError("cannot check who may read \(path): \(String(cString: strerror(errno)))")
        }
        let mode = Int(info.st_mode) & 0o777
        guard mode & 0o077 != 0 else { return }
        throw ShellError(
            "refusing to use \(path): it holds a client_secret and is readable by others (mode \(String(mode & 0o777, radix: 8)))",
            help: "run 'chmod 600 \(path)', or replace client_secret with client_secret_env = \"VAR\" "
                + "(the name of an environment variable) or client_secret_command = \"…\"")
    }

    private static func error(_ message: String, at span: SourceSpan, in document: TOMLDocument, help: String? = nil) -> ShellError {
        ShellError(.error(.runtime, message, at: span, help: help), in: document.source)
    }
}
