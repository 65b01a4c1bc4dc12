import Foundation
import NKQCalendar

extension APISession {
    /// Warns once per session and resource, on standard error, when an answer announces the end
    /// of the version called (`Sunset`, RFC 8594; `Deprecation`, RFC 9745), with the date and the
    /// setting that chooses another version.
    func announceDeprecation(of request: PlannedRequest, headers: HTTPHeaderFields) {
        let sunset = headers["sunset"].flatMap(HTTPDate.parse)
        let deprecation = headers["deprecation"].flatMap(Self.deprecationDate)
        guard sunset != nil || deprecation != nil else { return }
        let resource = request.resource
        guard announcedDeprecations.withLock({ $0.insert(resource).inserted }) else { return }
        let version = request.version.map { " v\($0)" } ?? ""
        var text = "warning: the API has deprecated \(resource)\(version)"
        if let deprecation { text += " (since \(Self.day(deprecation)))" }
        if let sunset { text += " and ends it on \(Self.day(sunset))" }
        text += "; choose a newer version with --api-version \(resource)=vN\n"
        StandardError.write(text)
    }

    /// `@1688169599` (RFC 9745) as UNIX seconds; an HTTP date as the older drafts sent.
    static func deprecationDate(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.first == "@" { return Double(trimmed.dropFirst()) }
        return HTTPDate.parse(trimmed)
    }

    /// UNIX seconds as `yyyy-MM-dd` (UTC).
    static func day(_ seconds: Double) -> String {
        guard seconds.isFinite, abs(seconds) < 1e14 else { return "an unreadable date" }
        let (year, month, day) = CivilDate.date(fromDays: Int((seconds / 86_400).rounded(.down)))
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day))"
    }
}
