import Foundation
import Synchronization

/// One progress line on stderr while a statement runs longer than a second: calls done of
/// planned, rows, quota left, and a countdown while waiting for the quota. Redrawn on every
/// event and twice a second between them, so that a long wait for the quota, when no event
/// comes, still shows and counts down. Erased at the end.
final class ProgressLine: Sendable {
    private struct State {
        var latest: ExecutionProgress?
        var shown = false
        var stopped = false
        var ticker: Task<Void, Never>?
    }

    private let started = Date()
    private let state = Mutex(State())

    init(interval: Duration = .milliseconds(500)) {
        let ticker = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self else { return }
                self.redraw()
            }
        }
        state.withLock { $0.ticker = ticker }
    }

    func show(_ progress: ExecutionProgress) {
        state.withLock { $0.latest = progress }
        redraw()
    }

    func clear() {
        state.withLock {
            $0.stopped = true
            $0.ticker?.cancel()
            if $0.shown { FileOutput.standardError.write("\r\u{1B}[2K") }
            $0.shown = false
        }
    }

    /// Writes `text` as a note line, erasing the progress line first; the next redraw repaints it.
    func note(_ text: String) {
        state.withLock {
            FileOutput.standardError.write(($0.shown ? "\r\u{1B}[2K" : "") + "note: \(text)\n")
            $0.shown = false
        }
    }

    private func redraw() {
        state.withLock {
            guard !$0.stopped, let latest = $0.latest, Date().timeIntervalSince(started) >= 1 else { return }
            $0.shown = true
            FileOutput.standardError.write("\r\u{1B}[2K" + Self.text(latest))
        }
    }

    /// The line's text, e.g. `12 of 40 calls, 118 rows, quota 0 left, waiting 42 s for the prices window`.
    static func text(_ progress: ExecutionProgress, now: Date = Date()) -> String {
        var text = "\(progress.callsDone)"
        var calls = progress.callsDone
        // An estimate already passed says nothing more.
        if let planned = progress.callsPlanned, planned >= progress.callsDone {
            text += " of \(planned)"
            calls = planned
        }
        text += (calls == 1 ? " call, " : " calls, ") + ResultFooter(rowCount: progress.rows).summary
        if let remaining = progress.quotaRemaining { text += ", quota \(remaining) left" }
        if let until = progress.waitingUntil {
            let seconds = Int(until.timeIntervalSince(now).rounded(.up))
            if seconds > 2 { text += ", waiting \(seconds) s for \(progress.waitingFor ?? "the quota")" }
        }
        return text
    }
}
