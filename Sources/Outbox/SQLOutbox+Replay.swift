public import Foundation

extension SQLOutbox {
    /// Copies this outbox into an empty folder with every customs answer forgotten — statuses,
    /// assigned numbers, applied receipts, notifications — but the raw receipt archive kept, so
    /// that the archive can be applied again from scratch (`swgate receipts replay --into`).
    public func replayCopy(into directory: URL) throws(OutboxError) -> SQLOutbox {
        guard connection.dialect == .sqlite else {
            throw OutboxError(
                .invalidState,
                "replay copies an embedded outbox; bring the shared one into a folder first (swgate outbox migrate --from URL --to DIR) and replay that"
            )
        }
        let target = directory.standardizedFileURL
        let manager = FileManager.default
        if let entries = try? manager.contentsOfDirectory(atPath: target.path), !entries.isEmpty {
            throw OutboxError(.storage, "\(target.path) is not empty; replay into a new folder")
        }
        do {
            try manager.createDirectory(at: target, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw OutboxError(.storage, "cannot create \(target.path): \(error.localizedDescription)")
        }
        let path = target.appendingPathComponent("outbox.sqlite").path
        // An owner-only file first: VACUUM INTO writes into it and keeps its mode.
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        if descriptor >= 0 { close(descriptor) }
        try locked { () throws(OutboxError) in
            try connection.execute("VACUUM INTO '\(path.replacingOccurrences(of: "'", with: "''"))'")
        }
        let copy = try SQLOutbox(directory: target)
        try copy.locked { () throws(OutboxError) in
            try copy.connection.transaction { () throws(OutboxError) in
                try copy.connection.execute(
                    """
                    UPDATE documents SET customs_status = NULL, customs_rank = 0, customs_info = NULL, pre_no = NULL, invt_no = NULL;
                    DELETE FROM receipts;
                    DELETE FROM notifications;
                    """
                )
            }
        }
        return copy
    }

    /// Where a walk through the raw receipt archive stands (arrival time, then content hash).
    public struct ArchiveCursor: Sendable, Hashable {
        var receivedAt: Int64 = Int64.min
        var sha256 = ""

        public init() {}

        init(receivedAt: Int64, sha256: String) {
            self.receivedAt = receivedAt
            self.sha256 = sha256
        }
    }

    /// The next archived raw receipts in the order they arrived.
    public func rawReceipts(after cursor: ArchiveCursor, limit: Int) throws(OutboxError) -> (bodies: [Data], next: ArchiveCursor) {
        try locked { () throws(OutboxError) -> (bodies: [Data], next: ArchiveCursor) in
            let rows = try connection.query(
                "SELECT received_at, sha256, body FROM raw_receipts WHERE (received_at, sha256) > (?, ?) ORDER BY received_at, sha256 LIMIT ?",
                [.integer(cursor.receivedAt), .text(cursor.sha256), .integer(Int64(limit))]
            )
            var next = cursor
            var bodies: [Data] = []
            for row in rows {
                guard let at = row[0].int, let hash = row[1].string, let body = row[2].data else { continue }
                bodies.append(body)
                next = ArchiveCursor(receivedAt: at, sha256: hash)
            }
            return (bodies, next)
        }
    }
}
