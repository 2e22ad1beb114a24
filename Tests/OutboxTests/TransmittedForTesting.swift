import Foundation
@testable import Outbox

extension SQLOutbox {
    /// Marks the messages carrying documents of `type` (all when nil) as handed to a transport
    /// once — what a claim does — without moving their state, so that receipts may apply to them:
    /// customs only answers what it was sent.
    func markTransmittedForTesting(type: String? = nil) throws {
        try locked { () throws(OutboxError) in
            if let type {
                _ = try connection.run(
                    "UPDATE messages SET attempts = attempts + 1 WHERE attempts = 0 AND id IN (SELECT message_id FROM documents WHERE type = ?)",
                    [.text(type)]
                )
            } else {
                _ = try connection.run("UPDATE messages SET attempts = attempts + 1 WHERE attempts = 0")
            }
        }
    }
}
