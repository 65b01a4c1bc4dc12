/// A client secret. It prints as a mask everywhere (interpolation, dumps, errors), so that it
/// cannot leak into output by accident; `reveal()` is for the token request only.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    public init(_ value: String) {
        self.value = value
    }

    public func reveal() -> String { value }

    public var description: String { "••••••" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: []) }
}
