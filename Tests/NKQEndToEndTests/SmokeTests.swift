import Testing
@testable import NKQKit

@Test func smoke() { #expect(1 + 1 == 2) }
