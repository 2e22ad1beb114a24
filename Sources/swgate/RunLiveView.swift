import Foundation
import Gateway
import Outbox
import ThreadSupport

/// `run`'s live view: one line refreshed every second while the worker runs —
/// `sent 1,204 (310/s)  in flight 12  waiting for receipts 380  queued 2,300  dead 0  notifications 0  breaker closed`.
final class RunLiveView: @unchecked Sendable {  // `previous` is touched only by the view's own thread; the flag is locked
    /// One reading of the outbox and the dispatcher.
    struct Sample: Sendable {
        var at: Date
        var delivered: Int
        var inFlight: Int
        var waiting: Int
        var queued: Int
        var dead: Int
        var notifications: Int
        var breakerOpen: Bool
    }

    private let line: LiveLine
    private let stop = LockedFlag()
    private var thread: Thread?
    private var previous: Sample?

    init(quiet: Bool) {
        line = LiveLine(quiet: quiet, interval: 0)
    }

    /// Starts sampling with `read` once a second on a thread of its own (the outbox's queries
    /// block; they must not hold up the worker's tasks).
    func start(_ read: @escaping @Sendable () throws -> Sample) {
        guard line.enabled else { return }
        thread = NamedThread.start("swgate-live") { [self] in
            while !stop.isSet {
                if let sample = try? read() {
                    line.show(Self.text(sample, previous: previous))
                    previous = sample
                }
                Thread.sleep(forTimeInterval: 1)
            }
        }
    }

    func finish() {
        stop.set()
        line.finish()
    }

    /// The line for `sample`; the send rate comes from the change since `previous`.
    static func text(_ sample: Sample, previous: Sample?) -> String {
        var rate = ""
        if let previous, sample.at > previous.at {
            let perSecond = Double(sample.delivered - previous.delivered) / sample.at.timeIntervalSince(previous.at)
            rate = " (\(NumberText.grouped(Int(max(0, perSecond).rounded())))/s)"
        }
        return "sent \(NumberText.grouped(sample.delivered))\(rate)  in flight \(sample.inFlight)  "
            + "waiting for receipts \(NumberText.grouped(sample.waiting))  queued \(NumberText.grouped(sample.queued))  "
            + "dead \(sample.dead)  notifications \(sample.notifications)  breaker \(sample.breakerOpen ? "OPEN" : "closed")"
    }

    /// A sample from the outbox's counts and the endpoint governor.
    static func sample(store: SQLOutbox, breakerOpen: Bool, notifying: Bool) throws -> Sample {
        let status = try store.status(now: Date())
        let states = status.messagesByState
        func count(_ state: MessageState) -> Int { states[state.rawValue] ?? 0 }
        return Sample(
            at: Date(), delivered: count(.sent) + count(.acknowledged) + count(.rejected),
            inFlight: count(.sending), waiting: count(.sent), queued: count(.queued) + count(.retryWait), dead: count(.dead),
            notifications: notifying ? try store.notificationBacklog().waiting : 0, breakerOpen: breakerOpen)
    }
}
