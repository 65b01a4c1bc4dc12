import Foundation
import Testing
import NKQTestSupport
@testable import NKQKit

/// Paging, plan order, dedup and fetch limits against a scripted loopback server.
@Suite(.timeLimit(.minutes(1)), .stopsServers) struct ExecutorPagingTests {
    static func paged(_ path: String, size: Int, stop: PageStop, extra: [QueryItem] = []) -> PlannedRequest {
        PlannedRequest(path: path, query: extra + [QueryItem("count", "\(size)"), QueryItem("page", "1")],
                       paging: .pages(parameter: "page", first: 1, size: size, sizeParameter: "count", stop: stop))
    }

    @Test func shortPageStopsAfterAPageWithFewerItems() async throws {
        // 25 items in pages of 10: pages 1, 2 full, page 3 short.
        let server = try await ScriptedServer.start { request in
            let page = Int(request.query["page"] ?? "") ?? 0
            let start = (page - 1) * 10
            return .ids(start..<min(start + 10, 25))
        }
        let executor = Executor(session: server.session())
        let rows = try await executor.run(.requests([Self.paged("/v1/items", size: 10, stop: .shortPage)])).collect()
        #expect(rows.ids == Array(0..<25))
        #expect(server.requests.map { $0.query["page"] } == ["1", "2", "3"])
    }

    @Test func shortPageRuleFetchesOneMoreAfterAnExactlyFullPage() async throws {
        let server = try await ScriptedServer.start { request in
            let page = Int(request.query["page"] ?? "") ?? 0
            return .ids(page == 1 ? Array(0..<10) : [])
        }
        let execution = try Executor(session: server.session())
            .run(.requests([Self.paged("/v1/items", size: 10, stop: .shortPage)]))
        #expect(try await execution.collect().count == 10)
        #expect(server.requests.count == 2)
        #expect(execution.stats.calls == 2)
        #expect(execution.stats.complete)
    }

    @Test func emptyPageRuleIgnoresShortPages() async throws {
        // Prices by contract page: a page's row count is not its contract count, so only an
        // empty page ends the request.
        let pages = [[1, 2, 3], [4], [5, 6], []]
        let server = try await ScriptedServer.start { request in
            let page = Int(request.query["page"] ?? "") ?? 0
            return .ids(pages[min(page - 1, pages.count - 1)])
        }
        let rows = try await Executor(session: server.session())
            .run(.requests([Self.paged("/v1/prices", size: 10, stop: .emptyPage)])).collect()
        #expect(rows.ids == [1, 2, 3, 4, 5, 6])
        #expect(server.requests.count == 4)
    }

    @Test func rowsComeInPlanOrderWhileRequestsRunInParallel() async throws {
        // Six requests of two pages each; earlier requests answer slower, so a naive merge
        // would emit later requests first.
        let server = try await ScriptedServer.start { request in
            let batch = Int(request.query["batch"] ?? "") ?? 0
            let page = Int(request.query["page"] ?? "") ?? 0
            let ids = page == 1 ? [batch * 100 + 1, batch * 100 + 2] : [batch * 100 + 3]
            return .delayed(.milliseconds(20 * (6 - batch)), .ids(ids))
        }
        let requests = (0..<6).map { Self.paged("/v1/items", size: 2, stop: .shortPage, extra: [QueryItem("batch", "\($0)")]) }
        let rows = try await Executor(session: server.session(), options: ExecutionOptions(concurrency: 4))
            .run(.requests(requests)).collect()
        var expected: [Int] = []
        for batch in 0..<6 { expected += [batch * 100 + 1, batch * 100 + 2, batch * 100 + 3] }
        #expect(rows.ids == expected)
        #expect(server.peakConcurrency > 1)
        #expect(server.peakConcurrency <= 4)
    }

    @Test func concurrencyOneRunsRequestsOneAtATime() async throws {
        let server = try await ScriptedServer.start { _ in .delayed(.milliseconds(10), .ids([1])) }
        let requests = (0..<5).map { PlannedRequest(path: "/v1/items", query: [QueryItem("n", "\($0)")]) }
        _ = try await Executor(session: server.session(), options: ExecutionOptions(concurrency: 1))
            .run(.requests(requests)).collect()
        #expect(server.requests.count == 5)
        #expect(server.peakConcurrency == 1)
    }

    @Test func repeatedRowsAreDroppedByTheDedupKey() async throws {
        let server = try await ScriptedServer.start { request in
            request.query["batch"] == "a"
                ? .json(#"[{"id":1,"k":"x"},{"id":2,"k":"x"},{"id":3,"k":"x"}]"#)
                : .json(#"[{"id":2,"k":"y"},{"id":4,"k":"y"},{"id":1,"k":"y"}]"#)
        }
        let requests = ["a", "b"].map { PlannedRequest(path: "/v1/prices", query: [QueryItem("batch", $0)]) }
        let execution = try Executor(session: server.session()).run(.requests(requests, dedupKey: [["id"]]))
        let rows = try await execution.collect()
        #expect(rows.ids == [1, 2, 3, 4])
        #expect(rows.map { $0["k"].stringValue } == ["x", "x", "x", "y"])
        #expect(execution.stats.rows == 4)
    }

    /// Requests `batch=0…count-1` of two pages each: batch 0 answers at once, the others
    /// answer their first page at once (the quota gate's first probe may be any of them) and
    /// hang on the second.
    static func hangingAfterFirstPage(count: Int) async throws -> (ScriptedServer, [PlannedRequest]) {
        let server = try await ScriptedServer.start { request in
            let batch = Int(request.query["batch"] ?? "") ?? 0
            let page = Int(request.query["page"] ?? "") ?? 0
            if batch == 0 { return .ids(page == 1 ? Array(1...10) : []) }
            return page == 1 ? .ids((0..<10).map { batch * 100 + $0 }) : .delayed(.seconds(3), .ids([99]))
        }
        let requests = (0..<count).map {
            paged("/v1/items", size: 10, stop: .shortPage, extra: [QueryItem("batch", "\($0)")])
        }
        return (server, requests)
    }

    @Test func fetchLimitStopsFetchingAndCancelsCallsInFlight() async throws {
        let (server, requests) = try await Self.hangingAfterFirstPage(count: 4)
        let transport = TrackingTransport()
        let execution = try Executor(session: server.session(transport: transport))
            .run(.requests(requests, fetchLimit: 5))
        let rows = try await execution.collect()
        #expect(rows.ids == [1, 2, 3, 4, 5])
        // The rows' scope ends only after its calls have.
        #expect(transport.inFlight == 0)
        #expect(execution.stats.complete)
        #expect(execution.stats.rows == 5)
    }

    @Test func aConsumerThatStopsEndsTheCallsBeforeItsScopeEnds() async throws {
        let (server, requests) = try await Self.hangingAfterFirstPage(count: 3)
        let transport = TrackingTransport()
        let execution = try Executor(session: server.session(transport: transport)).run(.requests(requests))
        let (seen, stoppedAt) = try await execution.withRows { rows in
            var seen: [JSONValue] = []
            for try await row in rows {
                seen.append(row)
                if seen.count == 15 { break }  // into batch 1, whose second page hangs for 3 s
            }
            return (seen, ContinuousClock.now)
        }
        #expect(seen.count == 15)
        #expect(transport.inFlight == 0)
        // Cancelled, not waited out; generous for a loaded 2-core machine (typically a few ms).
        #expect(ContinuousClock.now - stoppedAt < .seconds(2))
        #expect(execution.stats.complete)
    }

    @Test func aScopeThatReadsNothingStopsItsCallsWhenItEnds() async throws {
        let (server, requests) = try await Self.hangingAfterFirstPage(count: 2)
        let transport = TrackingTransport()
        let execution = try Executor(session: server.session(transport: transport))
            .run(.requests(Array(requests.dropFirst())))
        let started = try await execution.withRows { _ in
            await eventually { server.requests.count == 2 && transport.inFlight == 1 }
        }
        #expect(started)
        #expect(transport.inFlight == 0)
        #expect(server.requests.count == 2)
    }

    @Test func ctrlCReturnsTheRowsInHandMarkedPartial() async throws {
        let (server, requests) = try await Self.hangingAfterFirstPage(count: 2)
        let transport = TrackingTransport()
        let execution = try Executor(session: server.session(transport: transport)).run(.requests(requests))
        let rows = try await execution.withRows { rows in
            var seen: [JSONValue] = []
            for try await row in rows {
                seen.append(row)
                // Ctrl-C (the shell cancels the statement's task) while batch 1's second page
                // hangs: at once, as a timer could fire after the page's 3 s on a loaded machine.
                if seen.count == 20 { withUnsafeCurrentTask { $0?.cancel() } }
            }
            return seen
        }
        #expect(rows.ids == Array(1...10) + (100..<110))
        #expect(!execution.stats.complete)
        #expect(execution.stats.partialReason == "interrupted")
        #expect(transport.inFlight == 0)
    }

    @Test func cancellingTheConsumingTaskEndsTheRunPromptly() async throws {
        let (server, requests) = try await Self.hangingAfterFirstPage(count: 2)
        let transport = TrackingTransport()
        let execution = try Executor(session: server.session(transport: transport)).run(.requests(Array(requests.dropFirst())))
        let consumer = Task { try await execution.collect() }
        #expect(await eventually { server.requests.count == 2 && transport.inFlight == 1 })
        let cancelledAt = ContinuousClock.now
        consumer.cancel()
        let rows = try await consumer.value
        #expect(ContinuousClock.now - cancelledAt < .seconds(3))
        #expect(rows.count <= 10)
        #expect(!execution.stats.complete)
        #expect(transport.inFlight == 0)
    }

    @Test func conditionsOfContractsBecomeRowsCarryingTheirContract() async throws {
        let server = try await ScriptedServer.start { _ in
            .json(#"""
            [{"contractId":7,"ownerParticipantNumber":10004,"text":"A","conditions":[
               {"conditionId":1,"name":"c1","elements":[]},{"conditionId":2,"name":"c2","elements":[]}]},
             {"contractId":8,"ownerParticipantNumber":10005,"conditions":[]}]
            """#)
        }
        let rows = try await Executor(session: server.session())
            .run(.requests([PlannedRequest(path: "/v1/contracts", query: [])], shape: .conditionsOfContracts)).collect()
        #expect(rows.count == 2)
        #expect(rows.first?.objectValue?.keys == ["contractId", "supplier", "conditionId", "name", "elements"])
        #expect(rows.map { $0["supplier"].intValue } == [10004, 10004])
        #expect(rows.map { $0["conditionId"].intValue } == [1, 2])
    }

    @Test func anAnswerThatIsNotAnArrayIsAnError() async throws {
        let server = try await ScriptedServer.start { _ in .json(#"{"items":[]}"#) }
        await #expect {
            _ = try await Executor(session: server.session())
                .run(.requests([PlannedRequest(path: "/v1/items", query: [])])).collect()
        } throws: { error in
            guard case ExecutionError.invalidResponse(let request, _) = error else { return false }
            return request.hasSuffix("/v1/items")
        }
    }
}
