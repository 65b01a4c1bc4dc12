/// The XDG base directories nkq uses, from the environment with the spec's defaults.
public struct XDGDirectories: Sendable {
    /// `$XDG_CONFIG_HOME`, default `~/.config`: config.toml.
    public var config: String
    /// `$XDG_STATE_HOME`, default `~/.local/state`: the REPL history.
    public var state: String
    /// `$XDG_CACHE_HOME`, default `~/.cache`: the response cache.
    public var cache: String

    public init(environment: [String: String]) {
        let home = environment["HOME"] ?? "."
        func directory(_ name: String, _ fallback: String) -> String {
            // The spec says relative paths are invalid and must be ignored.
            if let value = environment[name], value.hasPrefix("/") { return value }
            return home + "/" + fallback
        }
        config = directory("XDG_CONFIG_HOME", ".config")
        state = directory("XDG_STATE_HOME", ".local/state")
        cache = directory("XDG_CACHE_HOME", ".cache")
    }

    public var historyFile: String { state + "/nkq/history" }

    /// The response cache's private folder.
    public var responseCache: String { cache + "/nkq" }
}
