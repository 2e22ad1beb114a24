import Foundation
import Gateway

/// `submit`'s live view: `[2/4] convert  12,000 of 40,000 records  2,950/s  ~10 s left`.
final class SubmitProgressView {
    private let line: LiveLine
    private var phase: SubmissionProgress.Phase?
    private var phaseStarted = Date()

    init(quiet: Bool) {
        line = LiveLine(quiet: quiet)
    }

    func update(_ progress: SubmissionProgress) {
        guard line.enabled else { return }
        let now = Date()
        let newPhase = progress.phase != phase
        if newPhase {
            phase = progress.phase
            phaseStarted = now
        }
        line.show(Self.text(progress, elapsed: now.timeIntervalSince(phaseStarted)), force: newPhase)
    }

    func finish() { line.finish() }

    /// The line for `progress`, `elapsed` seconds into its phase.
    static func text(_ progress: SubmissionProgress, elapsed: TimeInterval) -> String {
        let count = SubmissionProgress.Phase.allCases.count
        var text = "[\(progress.phase.number)/\(count)] \(progress.phase.rawValue)  \(NumberText.grouped(progress.done))"
        if let total = progress.total { text += " of \(NumberText.grouped(total))" }
        text += " \(progress.unit)"
        guard progress.done > 0, elapsed > 0.5 else { return text }
        let rate = Double(progress.done) / elapsed
        text += "  \(NumberText.grouped(Int(rate)))/s"
        if let total = progress.total, total > progress.done, rate > 0 {
            text += "  ~\(Int((Double(total - progress.done) / rate).rounded(.up))) s left"
        }
        return text
    }
}
