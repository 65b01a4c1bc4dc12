#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// What the terminal behind a file descriptor can show; the shell turns this into `RenderOptions`.
public struct TerminalCapabilities: Sendable, Equatable {
    /// The descriptor is a terminal (isatty).
    public var isTerminal: Bool
    /// Columns, from TIOCGWINSZ or else `COLUMNS`; nil when unknown (e.g. a pipe).
    public var width: Int?
    /// Colour is wanted: `FORCE_COLOR` (not `0`/`false`) turns it on even when piped and wins
    /// over `NO_COLOR`; otherwise `NO_COLOR` (non-empty) turns it off; otherwise a terminal
    /// whose `TERM` is not `dumb` gets colour.
    public var color: Bool
    /// The locale is UTF-8 (from `LC_ALL`, `LC_CTYPE`, `LANG`, first non-empty); an unset locale
    /// counts as UTF-8, an explicit `C`/`POSIX` or another charset does not.
    public var unicode: Bool

    public init(isTerminal: Bool, width: Int?, color: Bool, unicode: Bool) {
        self.isTerminal = isTerminal
        self.width = width
        self.color = color
        self.unicode = unicode
    }

    public static func detect(
        fileDescriptor: Int32 = STDOUT_FILENO,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> TerminalCapabilities {
        let tty = isatty(fileDescriptor) == 1
        return resolve(isTerminal: tty, windowWidth: tty ? windowWidth(fileDescriptor) : nil, environment: environment)
    }

    /// The decision rules on their own, so that they can be tested without a terminal.
    public static func resolve(isTerminal: Bool, windowWidth: Int?, environment: [String: String]) -> TerminalCapabilities {
        var width = windowWidth
        if width == nil, let columns = environment["COLUMNS"].flatMap({ Int($0) }), columns > 0 {
            width = columns
        }
        if width == nil, isTerminal { width = 80 }
        return TerminalCapabilities(
            isTerminal: isTerminal,
            width: width,
            color: wantsColor(isTerminal: isTerminal, environment: environment),
            unicode: localeIsUTF8(environment)
        )
    }

    static func wantsColor(isTerminal: Bool, environment: [String: String]) -> Bool {
        if let force = environment["FORCE_COLOR"] {
            let f = force.lowercased()
            if f != "0" && f != "false" { return true }
            return false
        }
        if let no = environment["NO_COLOR"], !no.isEmpty { return false }
        return isTerminal && environment["TERM"] != "dumb"
    }

    static func localeIsUTF8(_ environment: [String: String]) -> Bool {
        for name in ["LC_ALL", "LC_CTYPE", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            let v = value.lowercased()
            return v.contains("utf-8") || v.contains("utf8")
        }
        return true
    }

    static func windowWidth(_ fd: Int32) -> Int? {
        guard let size = windowSize(fd), size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    /// The size of the terminal on `fd`; nil when `fd` is not a terminal.
    static func windowSize(_ fd: Int32) -> winsize? {
        var size = winsize()
        #if canImport(Glibc)
        let request = UInt(TIOCGWINSZ)
        #else
        let request = TIOCGWINSZ
        #endif
        return ioctl(fd, request, &size) == 0 ? size : nil
    }
}
