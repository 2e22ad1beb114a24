public import Foundation

/// Where a time-cursor receipt poll has read up to: kept in the outbox, so that a restarted
/// worker asks from there, and moved only after what was read is committed.
extension SQLOutbox {
    public func pollCursor(_ name: String) throws(OutboxError) -> String? {
        try locked { () throws(OutboxError) -> String? in
            try connection.query("SELECT cursor FROM poll_cursors WHERE name = ?", [.text(name)]).first?.first?.string
        }
    }

    public func setPollCursor(_ name: String, to cursor: String, now: Date) throws(OutboxError) {
        try locked { () throws(OutboxError) in
            try connection.transaction { () throws(OutboxError) in
                let changed = try connection.run(
                    "UPDATE poll_cursors SET cursor = ?, updated_at = ? WHERE name = ?",
                    [.text(cursor), .integer(Self.millis(now)), .text(name)])
                if changed == 0 {
                    try connection.run(
                        "INSERT INTO poll_cursors(name, cursor, updated_at) VALUES (?, ?, ?)",
                        [.text(name), .text(cursor), .integer(Self.millis(now))])
                }
            }
        }
    }
}
