import Foundation
import NKQTestSupport
import Synchronization

/// A loopback TCP port that accepts every connection, reads what the client sends, and resets
/// it (RST, not FIN): a connection lost midway, as a crashing server or a middlebox gives. It
/// stops when its test ends (the test needs `.stopsServers`).
final class ResettingListener: Sendable {
    let port: Int
    private let state: Mutex<(accepted: Int, stopping: Bool, stopped: Bool)>

    var baseURL: String { "http://127.0.0.1:\(port)" }
    /// Connections accepted (and reset) so far.
    var accepted: Int { state.withLock { $0.accepted } }

    init() throws {
        let fd = makeTCPSocket()
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        state = Mutex((0, false, false))
        Thread { [self] in serve(fd) }.start()
        ServersToStop.register { [self] in stop() }
    }

    /// Waits at most 100 ms at a time for a connection, so that `stop` is seen.
    private func serve(_ listening: Int32) {
        defer {
            close(listening)
            state.withLock { $0.stopped = true }
        }
        while !state.withLock({ $0.stopping }) {
            var ready = pollfd(fd: listening, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, 100) > 0 else { continue }
            let connection = accept(listening, nil, nil)
            guard connection >= 0 else { continue }
            state.withLock { $0.accepted += 1 }
            var buffer = [UInt8](repeating: 0, count: 4096)
            var pending = pollfd(fd: connection, events: Int16(POLLIN), revents: 0)
            if poll(&pending, 1, 2000) > 0 { _ = read(connection, &buffer, buffer.count) }
            // Linger with a zero timeout: close sends RST.
            var lingering = linger(l_onoff: 1, l_linger: 0)
            setsockopt(connection, SOL_SOCKET, SO_LINGER, &lingering, socklen_t(MemoryLayout<linger>.size))
            close(connection)
        }
    }

    func stop() {
        state.withLock { $0.stopping = true }
        while !state.withLock({ $0.stopped }) { Thread.sleep(forTimeInterval: 0.01) }
    }
}
