#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Cost before waiting: a statement whose calls will not fit in what is left of the quota
/// window says so on stderr before its first call, and in the REPL one that must wait for more
/// than one reset asks first.
enum QuotaNotice {
    /// How many times the run must wait for the window to reset.
    static func resets(for use: QuotaUse) -> Int {
        guard use.calls > use.remaining, use.limit > 0 else { return 0 }
        return (use.calls - use.remaining + use.limit - 1) / use.limit
    }

    /// The line for stderr, or nil when the calls fit in the window.
    static func line(for use: QuotaUse) -> String? {
        let resets = resets(for: use)
        guard resets > 0 else { return nil }
        let waits = resets == 1 ? "waits for the reset" : "waits for \(resets) resets"
        return "note: about \(use.calls) calls, \(use.remaining) of \(use.limit) left in \(use.window) (resets in \(use.resetsIn) s): the run \(waits)\n"
    }

    /// Whether the REPL asks first: more than a whole window of waiting.
    static func asks(for use: QuotaUse) -> Bool { resets(for: use) > 1 }

    /// Of the windows a plan needs, the one it must wait for most often, if any.
    static func tightest(of uses: [QuotaUse]) -> QuotaUse? {
        uses.filter { resets(for: $0) > 0 }.max { resets(for: $0) < resets(for: $1) }
    }

    /// Asks `Run it? [Y/n]` on stderr and reads the answer from the terminal; Enter is yes.
    /// Returns false on `n`, end of input, or when the task is cancelled (Ctrl-C).
    static func confirm() async -> Bool {
        FileOutput.standardError.write("Run it? [Y/n] ")
        var answer: [UInt8] = []
        while !Task.isCancelled {
            var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 100)
            if ready < 0, errno != EINTR { return false }
            guard ready > 0 else { continue }
            var byte: UInt8 = 0
            let n = read(STDIN_FILENO, &byte, 1)
            if n < 0, errno == EINTR { continue }
            if n <= 0 { return false }
            if byte == 0x0A || byte == 0x0D {
                let text = String(decoding: answer, as: UTF8.self).trimmingCharacters(in: .whitespaces).lowercased()
                return text.isEmpty || text == "y" || text == "yes"
            }
            answer.append(byte)
        }
        FileOutput.standardError.write("\n")
        return false
    }
}
