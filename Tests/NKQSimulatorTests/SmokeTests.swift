import Testing
@testable import NKQSimulator

@Test func smoke() { #expect(1 + 1 == 2) }
