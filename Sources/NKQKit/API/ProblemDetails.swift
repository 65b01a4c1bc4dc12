/// The text of an API error body: RFC 7807 problem details (`title`, `detail`, `errors`) or an
/// OAuth error (`error`, `error_description`). Anything else gives no text; the status decides.
public struct ProblemDetails: Sendable, Hashable {
    public var title: String?
    public var detail: String?
    /// Per-parameter messages of a 400, `name: message` in the body's order.
    public var errors: [String]

    public init(title: String? = nil, detail: String? = nil, errors: [String] = []) {
        self.title = title
        self.detail = detail
        self.errors = errors
    }

    public init(body: [UInt8]) {
        self.init()
        guard !body.isEmpty, case .object(let object) = (try? JSONValue.parse(bytes: body)) ?? .null else { return }
        title = object["title"]?.stringValue
        detail = object["detail"]?.stringValue
        if let code = object["error"]?.stringValue {
            // OAuth: `invalid_client: <description>`.
            detail = code + (object["error_description"]?.stringValue.map { ": \($0)" } ?? "")
        }
        if case .object(let byName) = object["errors"] ?? .null {
            for (name, messages) in byName {
                let texts = messages.arrayValue?.compactMap(\.stringValue) ?? messages.stringValue.map { [$0] } ?? []
                errors.append(contentsOf: texts.map { "\(name): \($0)" })
            }
        }
    }

    /// One line: detail, else title, then the parameter messages.
    public var summary: String? {
        let head = detail ?? title
        let parts = (head.map { [$0] } ?? []) + errors
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}
