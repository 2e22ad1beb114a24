public import Foundation

/// A large batch's message payloads, written before the batch's one transaction so that the
/// batch never holds them all in memory. A payload is content-addressed and invisible until a
/// message names it: staged ones the batch does not enqueue (it failed) are removed again, and
/// `prune` removes any an interrupted submission left.
extension SQLOutbox {
    /// Writes `payloads` (SHA-256 → XML) in a short transaction of their own; returns the hashes
    /// it added (those the outbox did not hold), the ones to remove if the batch fails.
    public func stagePayloads(_ payloads: [(hash: String, body: Data)]) throws(OutboxError) -> [String] {
        guard !payloads.isEmpty else { return [] }
        return try locked { () throws(OutboxError) -> [String] in
            try connection.transaction { () throws(OutboxError) -> [String] in
                let held = Set(
                    try connection.queryChunked(payloads.map { .text($0.hash) }) { "SELECT sha256 FROM payloads WHERE sha256 IN (\($0))" }
                        .compactMap { $0.first?.string })
                var seen = held
                let new = payloads.filter { seen.insert($0.hash).inserted }
                try connection.insertRows(
                    "INSERT OR IGNORE", into: "payloads", columns: ["sha256", "body"], rows: new.map { [.text($0.hash), .blob($0.body)] })
                return new.map(\.hash)
            }
        }
    }

    /// Removes staged payloads that no message or attempt names (a failed batch's).
    public func removeStagedPayloads(_ hashes: [String]) throws(OutboxError) {
        guard !hashes.isEmpty else { return }
        try locked { () throws(OutboxError) in
            try connection.transaction { () throws(OutboxError) in
                var start = 0
                while start < hashes.count {
                    let chunk = hashes[start..<min(start + 500, hashes.count)]
                    try connection.run(
                        """
                        DELETE FROM payloads WHERE sha256 IN (\(Array(repeating: "?", count: chunk.count).joined(separator: ", ")))
                            AND sha256 NOT IN (SELECT payload_sha256 FROM messages)
                            AND sha256 NOT IN (SELECT sent_sha256 FROM attempts WHERE sent_sha256 IS NOT NULL)
                        """, chunk.map { .text($0) })
                    start += chunk.count
                }
            }
        }
    }
}
