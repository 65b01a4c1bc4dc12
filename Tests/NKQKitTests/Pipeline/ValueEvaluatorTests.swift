import Testing
@testable import NKQKit

@Suite struct ValueEvaluatorTests {
    let s = SourceSpan(at: 0)
    var evaluator: ValueEvaluator { ValueEvaluator(bindings: ["n": .integer(5, span: s), "alias": .parameter("n", span: s),
                                                             "loop": .parameter("loop", span: s),
                                                             "ids": .list([.integer(1, span: s), .string("x", span: s)], span: s)],
                                                  clock: PlanFixture.clock) }

    func relative(_ anchor: Expr.Anchor, _ offsets: [(Int, Expr.TimeUnit)]) -> Expr {
        .relative(anchor, offsets: offsets.map { Expr.Offset(amount: $0.0, unit: $0.1) }, span: s)
    }

    @Test func literals() throws {
        #expect(try evaluator.evaluate(.integer(42, span: s)) == 42)
        #expect(try evaluator.evaluate(.decimal("0.10", span: s)).numberValue?.text == "0.10")
        #expect(try evaluator.evaluate(.string("tak", span: s)) == "tak")
        #expect(try evaluator.evaluate(.date(year: 2024, month: 1, day: 5, span: s)) == "2024-01-05")
        #expect(try evaluator.evaluate(.timestamp("2024-01-05T10:00:00+02:00", span: s)) == "2024-01-05T08:00:00Z")
        #expect(try evaluator.evaluate(.bool(true, span: s)) == true)
        #expect(try evaluator.evaluate(.null(span: s)) == .null)
        #expect(try evaluator.evaluate(.parameter("ids", span: s)) == [1, "x"])
    }

    @Test func todayAndNowAreUTCWithCalendarOffsets() throws {
        #expect(try evaluator.evaluate(relative(.today, [])) == "2026-11-27")
        #expect(try evaluator.evaluate(relative(.now, [])) == "2026-11-27T10:00:00Z")
        #expect(try evaluator.evaluate(relative(.today, [(-30, .day)])) == "2026-10-28")
        #expect(try evaluator.evaluate(relative(.today, [(1, .week)])) == "2026-12-04")
        #expect(try evaluator.evaluate(relative(.today, [(3, .month)])) == "2027-02-27")
        #expect(try evaluator.evaluate(relative(.today, [(-1, .year), (1, .day)])) == "2025-11-28")
        #expect(try evaluator.evaluate(relative(.now, [(-12, .hour)])) == "2026-11-26T22:00:00Z")
        #expect(try evaluator.evaluate(relative(.now, [(1, .month)])) == "2026-12-27T10:00:00Z")
    }

    @Test func parametersResolveThroughBindings() throws {
        #expect(try evaluator.evaluate(.parameter("alias", span: s)) == 5)
    }

    @Test func refusals() {
        let at = SourceSpan(start: 3, end: 7)
        #expect(throws: Diagnostic.self) { try evaluator.evaluate(.parameter("missing", span: at)) }
        do {
            _ = try evaluator.evaluate(.parameter("missing", span: at))
        } catch {
            #expect(error.kind == .unknownName)
            #expect(error.span == at)
            #expect(error.message == "unknown parameter $missing")
        }
        do {
            _ = try evaluator.evaluate(.parameter("loop", span: at))
            Issue.record("a self-referring parameter must be refused")
        } catch {
            #expect(error.span == at)
        }
        do {
            _ = try evaluator.evaluate(.date(year: 2024, month: 2, day: 30, span: at))
            Issue.record("an impossible date must be refused")
        } catch {
            #expect(error.kind == .plan)
            #expect(error.message == "not a date: 2024-02-30")
        }
        do {
            _ = try evaluator.evaluate(relative(.today, [(-2, .hour)]))
            Issue.record("hours on today must be refused")
        } catch {
            #expect(error.message == "today is a date; hours need `now`")
        }
    }
}
