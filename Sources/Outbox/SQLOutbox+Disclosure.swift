public import Foundation

extension SQLOutbox {
    /// Records in the audit trail that `user` had the personal data of `documentIDs` shown in full
    /// (`swgate show --reveal`). Called before anything is shown: when it cannot be recorded (a
    /// read-only outbox), nothing is revealed.
    public func recordDisclosure(documentIDs: [Int64], user: String, command: String, now: Date) throws(OutboxError) {
        let stamp = Self.millis(now)
        try locked { () throws(OutboxError) in
            try connection.transaction { () throws(OutboxError) in
                let rows: [[SQLValue]] = documentIDs.map {
                    [.integer(stamp), .text("document"), .integer($0), .null, .text("revealed"), .text("\(command) by \(user)")]
                }
                try connection.insertRows(
                    "INSERT", into: "audit", columns: ["at", "entity", "entity_id", "from_state", "to_state", "reason"], rows: rows)
            }
        }
    }
}
