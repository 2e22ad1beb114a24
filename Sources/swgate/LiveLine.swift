import Foundation

/// One status line rewritten in place on standard error, for a person watching a terminal.
///
/// Shown only when both standard output and standard error are terminals and `--quiet` was not
/// given: output piped to a file or a program never carries control characters.
final class LiveLine: @unchecked Sendable {  // `shown`, `closed` and `last` are read and written under `lock`
    let enabled: Bool
    private let lock = NSLock()
    private var shown = false
    private var closed = false
    private var last = Date.distantPast
    /// Redraws at most this often (a terminal cannot be read faster).
    private let interval: TimeInterval

    init(quiet: Bool, interval: TimeInterval = 0.1) {
        enabled = !quiet && !JSONContract.shared.enabled && isatty(STDOUT_FILENO) != 0 && isatty(STDERR_FILENO) != 0
        self.interval = interval
    }

    /// Shows `text`, unless the line was redrawn less than `interval` ago (`force` draws anyway).
    func show(_ text: String, force: Bool = false) {
        guard enabled else { return }
        lock.withLock {
            let now = Date()
            guard !closed, force || now.timeIntervalSince(last) >= interval else { return }
            last = now
            shown = true
            FileHandle.standardError.write(Data(("\r" + text + "\u{1B}[K").utf8))
        }
    }

    /// Clears the line, so that what is printed next starts on a clean one; nothing is drawn
    /// after this (a sampling thread may still be finishing its last reading).
    func finish() {
        lock.withLock {
            if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            shown = false
            closed = true
        }
    }
}
