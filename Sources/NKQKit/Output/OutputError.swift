/// A write to an output failed; `path` is nil for stdout/stderr.
public struct OutputError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String?
    public let message: String
    /// The reader went away (EPIPE), e.g. `nkq … | head`; usually not worth reporting.
    public let isBrokenPipe: Bool

    public init(path: String?, message: String, isBrokenPipe: Bool = false) {
        self.path = path
        self.message = message
        self.isBrokenPipe = isBrokenPipe
    }

    public var description: String {
        if let path { return "cannot write to \(path): \(message)" }
        return "cannot write output: \(message)"
    }
}
