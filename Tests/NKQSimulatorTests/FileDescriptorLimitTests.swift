import Foundation
import NKQTestSupport
import Testing

/// `nkq sim` under a real file-descriptor limit: slow (slowloris) clients take every descriptor
/// it has, and the idle timeout gives them back, so that it answers again.
@Suite(.timeLimit(.minutes(3))) struct FileDescriptorLimitTests {
    static let limit = 64

    /// Descriptors the process holds now below the limit (its `/proc` entry), or nil once it is
    /// gone. Descriptors it inherited above the limit (a test process's open files, while other
    /// tests start processes) are not its to fill.
    static func openDescriptors(of pid: Int32) -> Int? {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd"))?
            .filter { Int($0).map { $0 < limit } ?? false }.count
    }

    /// Sends a whole request on a new connection and waits up to `within` (polling, never
    /// blocking a thread) for the first bytes of an answer.
    static func answers(port: Int, within limit: Duration) async -> Bool {
        guard let fd = SlowClientTests.connect(port: port) else { return false }
        defer { close(fd) }
        let request = "GET /nobbkontrakt/v1/zones HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        guard request.withCString({ write(fd, $0, strlen($0)) }) == request.utf8.count else { return false }
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 0) > 0 {
                var buffer = [UInt8](repeating: 0, count: 16)
                let count = read(fd, &buffer, buffer.count)
                return count > 0 && String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self).hasPrefix("HTTP/1.1 ")
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    @Test func slowClientsBeyondTheLimitAreShedAndTheSimulatorAnswersAgain() async throws {
        let sim = try SimProcess(["--idle-timeout", "3"], fileDescriptorLimit: Self.limit)
        let pid = sim.processIdentifier
        let before = try #require(Self.openDescriptors(of: pid))
        #expect(before < Self.limit)
        #expect(await Self.answers(port: sim.port, within: .seconds(30)))

        // Three times as many slow clients as it can hold: each sends half a request head and
        // then nothing. The kernel queues those it cannot accept in the listen backlog.
        var sockets: [Int32] = []
        defer { for fd in sockets { close(fd) } }
        for _ in 0..<(3 * Self.limit) {
            guard let fd = SlowClientTests.connect(port: sim.port) else { break }
            let partial = "GET /nobbkontrakt/v1/zones HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
            _ = partial.withCString { write(fd, $0, strlen($0)) }
            sockets.append(fd)
        }
        #expect(sockets.count == 3 * Self.limit)

        // It reaches its limit: every descriptor taken.
        var peak = 0
        let full = ContinuousClock.now + .seconds(60)
        while peak < Self.limit, ContinuousClock.now < full {
            peak = max(peak, Self.openDescriptors(of: pid) ?? 0)
            try? await Task.sleep(for: .milliseconds(20))
        }
        #expect(peak == Self.limit, "at most \(peak) of \(Self.limit) descriptors were open")

        // The idle timeout closes the slow ones, a batch at a time, and a whole request is
        // answered again (each try waits 5 s; the bound is generous for a loaded machine).
        var answered = false
        let recovered = ContinuousClock.now + .seconds(100)
        while !answered, ContinuousClock.now < recovered {
            answered = await Self.answers(port: sim.port, within: .seconds(5))
        }
        #expect(answered, "no answer within 100 s")
        #expect(Self.openDescriptors(of: pid) != nil, "the simulator exited: \(sim.standardError)")
    }
}
