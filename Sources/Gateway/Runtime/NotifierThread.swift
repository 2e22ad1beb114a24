import Foundation
import ThreadSupport

/// Runs the status hook on its own thread, so a slow platform never slows sending.
public final class NotifierThread: @unchecked Sendable {  // its state is guarded by `stopped`
    let notifier: StatusNotifier
    let report: @Sendable (String) -> Void
    private let stopped = NSCondition()
    private var stopping = false
    private var done = false

    /// `report` receives a line for an operator when deliveries fail (retried later) or the outbox fails.
    public init(_ notifier: StatusNotifier, report: @escaping @Sendable (String) -> Void = { _ in }) {
        self.notifier = notifier
        self.report = report
    }

    public func start() {
        NamedThread.start("swgate-notify") { [self] in
            while !isStopping {
                do {
                    let pass = try notifier.deliverDue()
                    if pass.failed > 0 { report("\(pass.failed) status notifications failed; they will be retried") }
                    if pass.delivered + pass.failed == 0 { Thread.sleep(forTimeInterval: 0.2) }
                } catch {
                    report("status notifications: \(error.localizedDescription)")
                    Thread.sleep(forTimeInterval: 1)
                }
            }
            // A last pass so that an --until-settled run tells the platform about its final statuses.
            _ = try? notifier.deliverDue(limit: 10_000)
            stopped.lock()
            done = true
            stopped.broadcast()
            stopped.unlock()
        }
    }

    private var isStopping: Bool {
        stopped.lock()
        defer { stopped.unlock() }
        return stopping
    }

    /// Stops after the pass in progress and the last one; waits at most a minute.
    public func finish() {
        stopped.lock()
        stopping = true
        let deadline = Date().addingTimeInterval(60)
        while !done, stopped.wait(until: deadline) {}
        stopped.unlock()
    }
}
