/// One API request of a plan, with how its pages are followed.
///
/// This is the contract between the planner (which builds it) and the executor (which runs
/// it): the executor never looks at the query text, only at these values.
public struct PlannedRequest: Sendable, Hashable {
    public enum Method: String, Sendable, Hashable {
        case get = "GET"
        case post = "POST"
    }

    public var method: Method
    /// Path relative to the API base, e.g. `/v1/contracts`.
    public var path: String
    /// Query parameters of the first call, in order. Paging parameters included.
    public var query: [QueryItem]
    /// JSON body, for POST.
    public var body: JSONValue?
    public var paging: Paging

    public init(method: Method = .get, path: String, query: [QueryItem], body: JSONValue? = nil, paging: Paging = .single) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.paging = paging
    }

    /// The API resource called: the path's last segment (`prices` in `/v2/prices`).
    public var resource: String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// The version in the path (2 in `/v2/prices`), if it has one.
    public var version: Int? {
        path.split(separator: "/").dropLast().last.flatMap { segment in
            segment.first == "v" ? Int(segment.dropFirst()) : nil
        }
    }

    /// The same request for another page.
    public func page(_ number: Int) -> PlannedRequest {
        guard case .pages(let parameter, _, _, _, _) = paging else { return self }
        var copy = self
        copy.query = query.map { $0.name == parameter ? QueryItem($0.name, String(number)) : $0 }
        return copy
    }
}

public struct QueryItem: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
    public var description: String { "\(name)=\(value)" }
}

extension QueryItem {
    init(_ filter: APIResource.Filter, _ value: String) {
        self.init(filter.rawValue, value)
    }
}

/// How the pages of one request are followed.
public enum Paging: Sendable, Hashable {
    /// One call, no pages.
    case single
    /// `parameter` counts pages from `first`; a page holds at most `size` items, asked for with
    /// `sizeParameter` (contracts: `page`, `count` 10, stop at a short page; prices with a date
    /// filter: `contractPage`, `contractsPerPage` 10, stop at an empty page, since a page's row
    /// count is not its contract count).
    case pages(parameter: String, first: Int, size: Int, sizeParameter: String, stop: PageStop)

    /// The size and first-page parameters a paged request sends; none for a single call.
    var firstPageParameters: [QueryItem] {
        guard case .pages(let parameter, let first, let size, let sizeParameter, _) = self else { return [] }
        return [QueryItem(sizeParameter, String(size)), QueryItem(parameter, String(first))]
    }
}

public enum PageStop: String, Sendable, Hashable {
    case shortPage
    case emptyPage
}
