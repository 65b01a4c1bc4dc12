import Testing
@testable import NKQKit

/// The slips people make get a "did you mean".
@Suite struct DidYouMeanTests {
    @Test(arguments: [
        ("get contracts wher supplier = 1", "did you mean 'where'?"),
        ("get contracts | sort text dsc", "did you mean 'desc'?"),
        ("get contracts | group by supplier with count(*)", "did you mean 'count()'?"),
        ("get contracts where text like 'x'", "did you mean 'contains' or 'matches'?"),
    ])
    func aSlipGetsAHint(statement: String, hint: String) {
        let text = renderedDiagnostics(statement)
        #expect(text.contains(hint), "\(text)")
    }
}
