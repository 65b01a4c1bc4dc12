#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The program that shows output taller than the terminal, as psql and git have one:
/// `NKQ_PAGER`, else `$PAGER`, else `less -FRSX`, run through `/bin/sh -c`. An empty value
/// turns paging off.
struct Pager: Equatable {
    let command: String

    static let fallback = "less -FRSX"

    /// The pager the environment asks for; nil when it asks for none.
    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Pager? {
        let chosen = environment["NKQ_PAGER"] ?? environment["PAGER"] ?? fallback
        let command = chosen.trimmingCharacters(in: .whitespaces)
        return command.isEmpty ? nil : Pager(command: command)
    }

    /// Rows of the terminal on `fileDescriptor` (else `LINES`); nil when unknown.
    static func screenHeight(_ fileDescriptor: Int32 = STDOUT_FILENO,
                             environment: [String: String] = ProcessInfo.processInfo.environment) -> Int? {
        if let size = TerminalCapabilities.windowSize(fileDescriptor), size.ws_row > 0 { return Int(size.ws_row) }
        return environment["LINES"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
    }

    /// Shows `text` in the pager and waits for it to end. False when the pager could not run
    /// (no shell, or the shell did not find the command), so that the caller shows the text
    /// itself. While the pager runs, Ctrl-C belongs to it (nkq ignores SIGINT, as psql does),
    /// and a pager that quits early does not kill nkq with SIGPIPE.
    func show(_ text: [UInt8]) -> Bool {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { return false }
        let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])

        // Opaque pointers in Darwin, structs in Glibc.
        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t? = nil
        var attributes: posix_spawnattr_t? = nil
        #else
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, readEnd, STDIN_FILENO)
        posix_spawn_file_actions_addclose(&actions, readEnd)
        posix_spawn_file_actions_addclose(&actions, writeEnd)
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The pager gets Ctrl-C and a broken pipe the default way, and no blocked signals.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        var ignore = sigaction()
        #if canImport(Darwin)
        ignore.__sigaction_u.__sa_handler = SIG_IGN
        #else
        ignore.__sigaction_handler.sa_handler = SIG_IGN
        #endif
        var previousInterrupt = sigaction()
        var previousPipe = sigaction()
        sigaction(SIGINT, &ignore, &previousInterrupt)
        sigaction(SIGPIPE, &ignore, &previousPipe)
        defer {
            sigaction(SIGINT, &previousInterrupt, nil)
            sigaction(SIGPIPE, &previousPipe, nil)
        }

        let words = ["/bin/sh", "-c", command]
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, environ)
        close(readEnd)
        guard spawned == 0 else {
            close(writeEnd)
            return false
        }
        text.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count, let base = bytes.baseAddress {
                let n = write(writeEnd, base + offset, bytes.count - offset)
                if n < 0, errno == EINTR { continue }
                if n <= 0 { break }  // the pager quit before reading it all
                offset += n
            }
        }
        close(writeEnd)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        // 127: the shell did not find the command.
        let exitedNormally = (status & 0x7F) == 0
        return !(exitedNormally && (status >> 8) & 0xFF == 127)
    }
}
