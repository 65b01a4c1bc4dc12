import Foundation
import Testing
import NKQTestSupport
@testable import NKQSimulator

/// Slow and idle clients (slowloris: a request head sent a few bytes at a time, never finished)
/// are dropped after the idle timeout, so they cannot hold the simulator's file descriptors.
@Suite(.timeLimit(.minutes(1))) struct SlowClientTests {
    /// A raw TCP connection to loopback `port`, or nil.
    static func connect(port: Int) -> Int32? {
        let fd = makeTCPSocket()
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Foundation.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { close(fd); return nil }
        return fd
    }

    /// Whether the server closed `fd` (a read returns end of file), without blocking.
    static func closedByPeer(_ fd: Int32) -> Bool {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 0) > 0 else { return false }
        var byte: UInt8 = 0
        return read(fd, &byte, 1) <= 0
    }

    /// Polls every 50 ms (sleeping, not blocking a thread the other tests share) until every
    /// socket is closed by the server or `limit` passes; returns the ones still open.
    static func stillOpen(_ sockets: [Int32], after limit: Duration) async -> [Int32] {
        var open = sockets
        let deadline = ContinuousClock.now + limit
        while !open.isEmpty, ContinuousClock.now < deadline {
            open.removeAll(where: closedByPeer)
            try? await Task.sleep(for: .milliseconds(50))
        }
        return open
    }

    /// The status of a token request on a connection of its own.
    static func probe(_ sim: SimulatorHarness) async throws -> Int {
        try await sim.send(
            "POST", "/api/v1/token",
            headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Connection", "close")],
            body: "grant_type=client_credentials&client_id=demo&client_secret=demo-secret"
        ).status
    }

    @Test func slowlorisConnectionsAreDroppedAndTheServerKeepsAnswering() async throws {
        var configuration = SimulatorConfiguration()
        configuration.idleTimeoutSeconds = 1
        let server = try await SimulatorServer.start(configuration)
        let sim = SimulatorHarness(baseURL: server.baseURL)
        var sockets: [Int32] = []
        defer { for fd in sockets { close(fd) } }
        for _ in 0..<50 {
            guard let fd = Self.connect(port: server.port) else { break }
            let partial = "GET /nobbkontrakt/v1/zones HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
            _ = partial.withCString { write(fd, $0, strlen($0)) }
            sockets.append(fd)
        }
        #expect(sockets.count == 50)
        // Still answering while they hang on. Each probe closes its connection: a pooled one would
        // reach its own 1 s idle timeout just as the slow ones do, and the next probe sent on it
        // would race the server's close.
        let during = try? await Self.probe(sim)
        let open = await Self.stillOpen(sockets, after: .seconds(15))
        let after = try? await Self.probe(sim)
        await server.stop()
        #expect(during == 200)
        #expect(open.isEmpty, "\(open.count) of \(sockets.count) slow connections still open")
        #expect(after == 200)
    }
}
