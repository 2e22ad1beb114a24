import ExternalCommand
public import Foundation
public import Outbox

/// Tells the platform when a document reaches a final customs status, by running its command
/// (`swgate run --on-status CMD`) with the notification's JSON on standard input.
///
/// Notifications are written with the status, in the same transaction, so none is lost; they are
/// delivered at least once — exit 0 marks one delivered, anything else retries it later with
/// backoff, for as long as it takes. It runs beside the worker, never in its way.
public struct StatusNotifier: Sendable {
    public let store: SQLiteOutbox
    let command: ExternalCommand
    public let policy: RetryPolicy

    /// `shellCommand` runs under `/bin/sh -c`.
    public init(store: SQLiteOutbox, shellCommand: String, timeout: TimeInterval = 30, policy: RetryPolicy = RetryPolicy(base: 5, cap: 600)) {
        self.store = store
        command = ExternalCommand(["/bin/sh", "-c", shellCommand], timeout: timeout)
        self.policy = policy
    }

    /// Delivers what is due; returns how many were delivered and how many failed this pass.
    public func deliverDue(limit: Int = 100, now: Date = Date()) throws -> (delivered: Int, failed: Int) {
        var delivered = 0, failed = 0
        for notification in try store.dueNotifications(limit: limit, now: now) {
            let problem: String?
            do {
                let output = try command.run(input: Data((notification.body + "\n").utf8))
                problem = output.status == 0 ? nil : "exit \(output.status)\(output.reason.isEmpty ? "" : ": \(output.reason)")"
            } catch {
                problem = error.localizedDescription
            }
            if let problem {
                let wait = policy.delay(afterAttempts: notification.attempts + 1, retryAfter: nil, random: Double.random(in: 0...1))
                try store.notificationFailed(notification.id, error: problem, retryAt: now.addingTimeInterval(wait))
                failed += 1
            } else {
                try store.notificationDelivered(notification.id, now: Date())
                delivered += 1
            }
        }
        return (delivered, failed)
    }
}
