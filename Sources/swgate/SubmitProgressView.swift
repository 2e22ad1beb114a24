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

    /// The line for `progress`, `elapsed` seconds into its phase (pure, for tests).
    static func text(_ progress: SubmissionProgress, elapsed: TimeInterval) -> String {
        let count = SubmissionProgress.Phase.allCases.count
        var text = "[\(progress.phase.number)/\(count)] \(progress.phase.rawValue)  \(grouped(progress.done))"
        if let total = progress.total { text += " of \(grouped(total))" }
        text += " \(progress.unit)"
        guard progress.done > 0, elapsed > 0.5 else { return text }
        let rate = Double(progress.done) / elapsed
        text += "  \(grouped(Int(rate)))/s"
        if let total = progress.total, total > progress.done, rate > 0 {
            text += "  ~\(Int((Double(total - progress.done) / rate).rounded(.up))) s left"
        }
        return text
    }

    /// 40000 → "40,000".
    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0, character.isNumber,
                digits[digits.index(digits.startIndex, offsetBy: index - 1)].isNumber
            {
                out.append(",")
            }
            out.append(character)
        }
        return out
    }
}
