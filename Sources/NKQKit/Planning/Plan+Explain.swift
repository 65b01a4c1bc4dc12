import Foundation

// `explain`: the plan for a person (text) and for tools (`--format json`). No call is made.

extension Plan {
    /// Requests listed in full before the rest are summarised.
    static let explainRequestLimit = 10

    public func explainText() -> String {
        var out = "plan for: \(statement)\n"
        switch source {
        case .api(let requests, _):
            let paged = requests.filter(\.isPaginated).count
            out += "requests: \(requests.count)" + (paged > 0 ? ", \(paged) paged" : "") + "\n"
            for request in requests.prefix(Self.explainRequestLimit) {
                out += "  " + request.firstCallText + "\n"
                if let paging = request.pagingText { out += "      " + paging + "\n" }
            }
            if requests.count > Self.explainRequestLimit {
                out += "  … and \(requests.count - Self.explainRequestLimit) more\n"
            }
            if let dedupKey {
                out += "  repeated rows across requests are dropped (key: \(dedupKey.map { $0.joined(separator: ".") }.joined(separator: ", ")))\n"
            }
        case .file(let path, let format):
            out += "source: file '\(path)'\(format == .json ? "" : " as \(format)") (no API calls)\n"
        case .stdin(let format):
            out += "source: standard input\(format == .json ? "" : " as \(format)") (no API calls)\n"
        case .empty:
            out += "requests: none\n"
        }
        if !predicates.isEmpty {
            out += "predicates:\n"
            let width = predicates.map(\.placement.rawValue.count).max() ?? 0
            for p in predicates {
                var line = "  " + p.placement.rawValue.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + p.text
                switch p.placement {
                case .exact: line += "  → " + (p.parameter ?? "")
                case .prefilter: line += "  → " + (p.parameter ?? "") + ", re-checked locally"
                case .local: break
                }
                out += line + "\n"
            }
        }
        if !local.steps.isEmpty {
            out += "local: " + local.steps.map(\.text).joined(separator: " | ") + "\n"
        }
        for join in joins {
            out += "join: " + join.text + "\n      " + join.costText + "\n"
            if !join.after.steps.isEmpty {
                out += "  then: " + join.after.steps.map(\.text).joined(separator: " | ") + "\n"
            }
        }
        if let limit {
            out += "limit: " + limit.explanation + "\n"
        }
        out += "calls: " + cost.explanation + "\n"
        for use in quota {
            out += "quota: \(use.window): \(use.calls) of \(use.remaining) remaining (limit \(use.limit), \(use.percentOfLimit)% of a window, resets in \(use.resetsIn) s)\n"
        }
        if !warnings.isEmpty {
            out += "warnings:\n"
            for w in warnings { out += "  ! " + w + "\n" }
        }
        return out
    }

    public func explainJSON() -> JSONValue {
        var o = JSONObject()
        o["statement"] = .string(statement)
        switch source {
        case .api(_, let shape): o["source"] = "api"; o["shape"] = .string(shape.name)
        case .file(let path, let format):
            o["source"] = "file"
            o["path"] = .string(path)
            if format != .json { o["format"] = .string(format.rawValue) }
        case .stdin(let format):
            o["source"] = "stdin"
            if format != .json { o["format"] = .string(format.rawValue) }
        case .empty: o["source"] = "empty"
        }
        o["requests"] = .array(requests.map(\.explainJSON))
        o["dedupKey"] = dedupKey.map { .array($0.map { .string($0.joined(separator: ".")) }) } ?? .null
        o["predicates"] = .array(predicates.map { p in
            ["text": .string(p.text), "placement": .string(p.placement.rawValue), "parameter": p.parameter.map(JSONValue.string) ?? .null]
        })
        o["local"] = .array(local.steps.map { .string($0.text) })
        if !joins.isEmpty { o["joins"] = .array(joins.map { join in
            ["text": .string(join.text), "calls": .string(join.costText), "then": .array(join.after.steps.map { .string($0.text) })]
        }) }
        o["limit"] = limit.map(\.explainJSON) ?? .null
        o["fetchLimit"] = fetchLimit.map(JSONValue.int) ?? .null
        o["calls"] = ["min": .int(cost.min), "max": cost.max.map(JSONValue.int) ?? .null, "estimate": cost.estimate.map(JSONValue.int) ?? .null]
        // One entry per window that paces the calls; null while no window is known.
        o["quota"] = quota.isEmpty ? .null : .array(quota.map { q in
            ["window": .string(q.window), "calls": .int(q.calls), "limit": .int(q.limit), "remaining": .int(q.remaining),
             "resetsIn": .int(q.resetsIn), "shareOfLimit": .double((q.shareOfLimit * 1000).rounded() / 1000),
             "fits": .bool(q.fitsInRemaining)]
        })
        o["columns"] = columns.map { .array($0.map(JSONValue.string)) } ?? .null
        o["warnings"] = .array(warnings.map(JSONValue.string))
        return .object(o)
    }
}

extension PlannedRequest {
    public var isPaginated: Bool {
        if case .pages = paging { return true }
        return false
    }

    /// `GET /v1/contracts?suppliers=1,2&count=10&page=1`, or the POST with its body.
    public var firstCallText: String {
        var out = method.rawValue + " " + path
        if !query.isEmpty { out += "?" + query.map(\.description).joined(separator: "&") }
        if let body { out += " " + body.jsonText() }
        return out
    }

    var pagingText: String? {
        guard case .pages(let parameter, let first, let size, _, let stop) = paging else { return nil }
        let until = stop == .shortPage ? "a page with fewer than \(size) rows" : "an empty page"
        return "pages: \(parameter) = \(first), \(first + 1), … (\(size) a page) until \(until)"
    }

    var explainJSON: JSONValue {
        var o = JSONObject()
        o["method"] = .string(method.rawValue)
        o["path"] = .string(path)
        var params = JSONObject()
        for item in query { params[item.name] = .string(item.value) }
        o["params"] = .object(params)
        if let body { o["body"] = body }
        o["paginated"] = .bool(isPaginated)
        if case .pages(let parameter, let first, let size, _, let stop) = paging {
            o["paging"] = ["parameter": .string(parameter), "first": .int(first), "size": .int(size), "stop": .string(stop.rawValue)]
        }
        return .object(o)
    }
}

extension PlanCost {
    var explanation: String {
        var out: String
        switch max {
        case .some(let max) where max == min: out = "\(min)"
        case .some(let max): out = "\(min) to \(max)"
        case .none: out = "at least \(min), no upper bound (pages until the last)"
        }
        if let estimate, estimate != min || max != min { out += ", about \(estimate)" }
        return out
    }
}

extension LimitPlacement {
    var explanation: String {
        switch self {
        case .fetch(let n): "\(n) rows: fetching stops once \(n) rows are in hand"
        case .stopsStream(let n, let stage): "\(n) rows after a local \(stage): fetching is not capped, but stops once \(n) rows pass it"
        case .afterAllRows(let n, let stage): "\(n) rows after \(stage), which needs every row: all rows are fetched first"
        }
    }

    var explainJSON: JSONValue {
        switch self {
        case .fetch(let n): ["rows": .int(n), "placement": "fetch"]
        case .stopsStream(let n, let stage): ["rows": .int(n), "placement": "stream", "after": .string(stage)]
        case .afterAllRows(let n, let stage): ["rows": .int(n), "placement": "afterAllRows", "after": .string(stage)]
        }
    }
}

extension QuotaUse {
    var percentOfLimit: Int { Int((shareOfLimit * 100).rounded()) }
}

extension RowShape {
    var name: String {
        switch self {
        case .elements: "elements"
        case .conditionsOfContracts: "conditionsOfContracts"
        case .orderPriceLines: "orderPriceLines"
        }
    }
}
