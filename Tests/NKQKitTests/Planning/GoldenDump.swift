import Testing
import Foundation
@testable import NKQKit

@Test func probeParse() throws {
    for text in ["get stdin | group by s with count()", "get stdin | group by s with count(v) as n", "get stdin | group by s with count(), sum(v)", "get stdin | group by s with min(d), max(d), max(v)"] {
        print("parsing", text)
        let script = Parser.parseScript(SourceText(text))
        print(script.diagnostics.map(\.message))
    }
}
