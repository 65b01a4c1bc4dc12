/// A client's id and secret for the token endpoint. The secret never prints: `description`,
/// `debugDescription` and reflection (`dump`) all show it redacted.
public struct Credentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    public var clientID: String
    public var clientSecret: Secret
    /// OAuth scope; nil sends none.
    public var scope: String?

    public init(clientID: String, clientSecret: Secret, scope: String? = nil) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.scope = scope
    }

    public init(clientID: String, clientSecret: String, scope: String? = nil) {
        self.init(clientID: clientID, clientSecret: Secret(clientSecret), scope: scope)
    }

    public var description: String {
        "Credentials(clientID: \(clientID), clientSecret: <redacted>\(scope.map { ", scope: \($0)" } ?? ""))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["clientID": clientID, "clientSecret": "<redacted>", "scope": scope as Any])
    }
}
