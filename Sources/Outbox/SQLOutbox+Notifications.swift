import CEBMessages
public import Foundation
import JSONWriting

extension SQLOutbox {
    /// Records a final status for delivery to the platform (inside the receipt's transaction).
    /// The `notifications` row for `event`: written with the status itself, in the same transaction.
    static func notificationRow(_ event: FinalStatusEvent, at stamp: Int64, timeJSON: String? = nil) -> [SQLValue] {
        // What the status means and customs' reason split into code and text, so that the platform
        // need not parse `[Code:NNNN;Desc:…]` itself.
        let meaning = ReturnStatus.meaning(of: event.status, for: event.type.receiptType ?? event.type)
        let reason = CustomsReason.parse(event.info)
        let body = """
            {"documentId": \(event.documentID), "messageType": "\(event.type.rawValue)", "businessKey": \(JSONString.quoted(event.businessKey)), \
            "orderNo": \(JSONString.quoted(event.orderNo)), "customsStatus": \(JSONString.quoted(event.status)), "info": \(JSONString.quoted(event.info)), \
            "customsStatusMeaning": \(JSONString.quoted(meaning)), \
            "customsReasonCode": \(reason?.code.map(JSONString.quoted) ?? "null"), "customsReasonText": \(reason.map { JSONString.quoted($0.text) } ?? "null"), \
            "at": \(timeJSON ?? JSONString.quoted(UTCTimestamp.string(millis: stamp)))}
            """
        return [.integer(event.documentID), .integer(stamp), .text(body), .integer(stamp)]
    }

    /// Notifications not yet delivered whose next attempt is due, oldest first.
    public func dueNotifications(limit: Int, now: Date) throws(OutboxError) -> [StatusNotification] {
        try locked { () throws(OutboxError) -> [StatusNotification] in
            try connection.query(
                "SELECT id, document_id, body, attempts FROM notifications WHERE delivered_at IS NULL AND next_at <= ? ORDER BY id LIMIT ?",
                [.integer(Self.millis(now)), .integer(Int64(limit))]
            ).compactMap { row in
                guard let id = row[0].int, let document = row[1].int, let body = row[2].string else { return nil }
                return StatusNotification(id: id, documentID: document, body: body, attempts: Int(row[3].int ?? 0))
            }
        }
    }

    public func notificationDelivered(_ id: Int64, now: Date) throws(OutboxError) {
        _ = try locked { () throws(OutboxError) -> Int in
            try connection.run(
                "UPDATE notifications SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?",
                [.integer(Self.millis(now)), .integer(id)])
        }
    }

    public func notificationFailed(_ id: Int64, error: String, retryAt: Date) throws(OutboxError) {
        _ = try locked { () throws(OutboxError) -> Int in
            try connection.run(
                "UPDATE notifications SET attempts = attempts + 1, last_error = ?, next_at = ? WHERE id = ?",
                [.text(error), .integer(Self.millis(retryAt)), .integer(id)]
            )
        }
    }

    /// Counts of notifications waiting and delivered.
    public func notificationCounts() throws(OutboxError) -> (waiting: Int, delivered: Int) {
        try locked { () throws(OutboxError) -> (waiting: Int, delivered: Int) in
            let row = try connection.query(
                "SELECT COUNT(*) FILTER (WHERE delivered_at IS NULL), COUNT(*) FILTER (WHERE delivered_at IS NOT NULL) FROM notifications"
            ).first
            return (Int(row?[0].int ?? 0), Int(row?[1].int ?? 0))
        }
    }
}

/// Notifications to the platform not yet delivered: how many, since when, and why the last try failed.
public struct NotificationBacklog: Sendable, Hashable {
    public var waiting: Int
    public var oldestCreatedAt: Date?
    public var lastError: String?

    public init(waiting: Int, oldestCreatedAt: Date?, lastError: String?) {
        self.waiting = waiting
        self.oldestCreatedAt = oldestCreatedAt
        self.lastError = lastError
    }
}

extension SQLOutbox {
    /// The undelivered notifications (`status`, `/metrics`, `run`'s exit status).
    public func notificationBacklog() throws(OutboxError) -> NotificationBacklog {
        try locked { () throws(OutboxError) -> NotificationBacklog in
            let row = try connection.query("SELECT COUNT(*), MIN(created_at) FROM notifications WHERE delivered_at IS NULL").first
            let error = try connection.query(
                "SELECT last_error FROM notifications WHERE delivered_at IS NULL AND last_error IS NOT NULL ORDER BY next_at DESC LIMIT 1"
            ).first?.first?.string
            return NotificationBacklog(waiting: Int(row?[0].int ?? 0), oldestCreatedAt: row?[1].int.map { Self.date($0) }, lastError: error)
        }
    }

    /// Undelivered notifications, oldest first, with their attempts and last error (`swgate notifications list`).
    public func undeliveredNotifications(limit: Int) throws(OutboxError) -> [(
        notification: StatusNotification, createdAt: Date, nextAt: Date, lastError: String?
    )] {
        try locked { () throws(OutboxError) -> [(notification: StatusNotification, createdAt: Date, nextAt: Date, lastError: String?)] in
            try connection.query(
                "SELECT id, document_id, body, attempts, created_at, next_at, last_error FROM notifications WHERE delivered_at IS NULL ORDER BY id LIMIT ?",
                [.integer(Int64(limit))]
            ).compactMap { row in
                guard let id = row[0].int, let document = row[1].int, let body = row[2].string else { return nil }
                return (
                    StatusNotification(id: id, documentID: document, body: body, attempts: Int(row[3].int ?? 0)), Self.date(row[4].int),
                    Self.date(row[5].int), row[6].string
                )
            }
        }
    }

    /// Makes undelivered notifications due now (all, or those of `ids`); returns how many.
    public func retryNotifications(ids: [Int64]?, now: Date) throws(OutboxError) -> Int {
        try locked { () throws(OutboxError) -> Int in
            if let ids {
                guard !ids.isEmpty else { return 0 }
                let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
                return try connection.run(
                    "UPDATE notifications SET next_at = ? WHERE delivered_at IS NULL AND id IN (\(marks))",
                    [.integer(Self.millis(now))] + ids.map { .integer($0) }
                )
            }
            return try connection.run("UPDATE notifications SET next_at = ? WHERE delivered_at IS NULL", [.integer(Self.millis(now))])
        }
    }
}
