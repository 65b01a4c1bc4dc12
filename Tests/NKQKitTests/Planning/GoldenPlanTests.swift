import Testing
@testable import NKQKit

@Suite struct GoldenPlanTests {
    static let s = SourceSpan(at: 0)
    static let bindings: [String: Expr] = [
        "s": .integer(10012, span: s),
        "since": .relative(.today, offsets: [Expr.Offset(amount: -30, unit: .day)], span: s),
        "none": .list([], span: s),
        "bad": .string("2026-13-01", span: s),
        "big": .list((1...25).map { .integer(10000 + $0, span: s) }, span: s),
    ]
}
