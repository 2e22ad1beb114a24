import ExternalCommand
public import Foundation
public import Outbox
public import HTTPClient
import Transport

/// Tells the platform when a document reaches a final customs status, by running its command
/// (`swgate run --on-status CMD`) with the notification's JSON on standard input, or by POSTing
/// that JSON to its webhook (`--on-status-url URL`).
///
/// Notifications are written with the status, in the same transaction, so none is lost; they are
/// delivered at least once — exit 0 marks one delivered, anything else retries it later with
/// backoff, for as long as it takes (a webhook: any 2xx marks it delivered). It runs beside the
/// worker, never in its way.
public struct StatusNotifier: Sendable {
    /// How a notification reaches the platform.
    enum Delivery: Sendable {
        case command(ExternalCommand)
        case webhook(url: String, client: CurlClient)
    }

    public let store: SQLOutbox
    let delivery: Delivery
    public let policy: RetryPolicy

    /// `shellCommand` runs under `/bin/sh -c`.
    public init(store: SQLOutbox, shellCommand: String, timeout: TimeInterval = 30, policy: RetryPolicy = RetryPolicy(base: 5, cap: 600)) {
        self.store = store
        delivery = .command(ExternalCommand(["/bin/sh", "-c", shellCommand], timeout: timeout))
        self.policy = policy
    }

    /// POSTs each notification to `url` (`application/json`), with `http`'s TLS, token and headers.
    public init(store: SQLOutbox, webhook url: String, http: HTTPConfiguration, policy: RetryPolicy = RetryPolicy(base: 5, cap: 600)) throws
    {
        self.store = store
        delivery = .webhook(url: url, client: try CurlClient(configuration: http))
        self.policy = policy
    }

    /// Why one delivery failed, or nil when it succeeded.
    private func deliver(_ body: String) -> String? {
        switch delivery {
        case .command(let command):
            do {
                let output = try command.run(input: Data((body + "\n").utf8))
                return output.status == 0 ? nil : "exit \(output.status)\(output.reason.isEmpty ? "" : ": \(output.reason)")"
            } catch {
                return error.localizedDescription
            }
        case .webhook(let url, let client):
            do {
                let response = try client.post(url, body: Data(body.utf8), contentType: "application/json")
                return (200..<300).contains(response.status) ? nil : "HTTP \(response.status)"
            } catch {
                return error.localizedDescription
            }
        }
    }

    /// Delivers what is due; returns how many were delivered and how many failed this pass.
    public func deliverDue(limit: Int = 100, now: Date = Date()) throws -> (delivered: Int, failed: Int) {
        var delivered = 0, failed = 0
        for notification in try store.dueNotifications(limit: limit, now: now) {
            if let problem = deliver(notification.body) {
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
