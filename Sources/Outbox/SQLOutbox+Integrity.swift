import CEBMessages
import Foundation

/// `swgate doctor`: SQLite's checks, swgate's invariants, the counters and every stored hash.
extension SQLOutbox {
    // MARK: integrity

    public func check() throws(OutboxError) -> [String] {
        try locked { () throws(OutboxError) -> [String] in
            var problems: [String] = []
            switch connection.dialect {
            case .sqlite:
                for row in try connection.query("PRAGMA integrity_check") where row.first?.string != "ok" {
                    problems.append("SQLite integrity: \(row.first?.string ?? "?")")
                }
                for row in try connection.query("PRAGMA foreign_key_check") {
                    problems.append("foreign key broken in \(row.first?.string ?? "?") row \(row.count > 1 ? row[1].string ?? "?" : "?")")
                }
            case .postgres:
                // PostgreSQL enforces foreign keys itself and checks its pages on read.
                break
            }
            let states = MessageState.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            if let bad = try connection.query("SELECT COUNT(*) FROM messages WHERE state NOT IN (\(states))").first?.first?.int, bad > 0 {
                problems.append("\(bad) messages have an unknown state")
            }
            if let empty = try connection.query(
                """
                SELECT COUNT(*) FROM messages m WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.message_id = m.id)
                AND NOT EXISTS (SELECT 1 FROM audit a WHERE a.entity = 'message' AND a.entity_id = m.id AND a.to_state = '\(Self.superseded)')
                """
            ).first?.first?.int, empty > 0 {
                problems.append("\(empty) messages carry no document (a partial batch)")
            }
            if let unleased = try connection.query(
                "SELECT COUNT(*) FROM messages WHERE state = \(SQLLiteral.state(.sending)) AND lease_until IS NULL"
            ).first?.first?.int, unleased > 0 {
                problems.append("\(unleased) messages are sending without a lease")
            }
            if let orphans = try connection.query(
                "SELECT COUNT(*) FROM messages m LEFT JOIN payloads p ON p.sha256 = m.payload_sha256 WHERE p.sha256 IS NULL"
            ).first?.first?.int, orphans > 0 {
                problems.append("\(orphans) messages have no payload")
            }
            for row in try connection.query(
                "SELECT b.id, b.documents, (SELECT COUNT(*) FROM documents d JOIN messages m ON m.id = d.message_id WHERE m.batch_id = b.id AND d.app_type = '1') FROM batches b"
            ) {
                if let expected = row[1].int, let found = row[2].int, found > expected {
                    problems.append("batch \(row[0].int ?? 0) has \(found) documents, more than the \(expected) it recorded")
                }
            }
            // The counters `swgate status` reads, against the rows they count, both ways.
            let countedThings = [
                ("state", "messages", "SELECT state, COUNT(*) FROM messages GROUP BY state"),
                (
                    "customs", "documents",
                    "SELECT COALESCE(customs_status, 'none'), COUNT(*) FROM documents GROUP BY COALESCE(customs_status, 'none')"
                ),
            ]
            for (kind, things, sql) in countedThings {
                var counted: [String: Int64] = [:]
                for row in try connection.query("SELECT key, n FROM counters WHERE kind = ?", [.text(kind)]) {
                    if let key = row[0].string, let n = row[1].int { counted[key] = n }
                }
                var actual: [String: Int64] = [:]
                for row in try connection.query(sql) { if let key = row[0].string, let n = row[1].int { actual[key] = n } }
                for key in Set(counted.keys).union(actual.keys).sorted() where (counted[key] ?? 0) != (actual[key] ?? 0) {
                    problems.append("the counter for \(kind) \(key) says \(counted[key] ?? 0), the \(things) say \(actual[key] ?? 0)")
                }
            }
            try forEachPage("SELECT sha256, body FROM payloads", key: "sha256", from: .text("")) { row in
                if let hash = row[0].string, let body = row[1].data, SHA256.hex(body) != hash {
                    problems.append("payload \(hash.prefix(12))… does not match its hash")
                }
            }
            try forEachPage(
                "SELECT b.attempt_id, a.sent_sha256, b.body FROM attempt_bodies b JOIN attempts a ON a.id = b.attempt_id",
                key: "b.attempt_id", from: .integer(0)
            ) { row in
                if let id = row[0].int, let body = row[2].data, SHA256.hex(body) != (row[1].string ?? "") {
                    problems.append("the bytes attempt \(id) sent do not match the hash it recorded")
                }
            }
            // Bytes rebuilt from the message's payload and the attempt's appTime (see `SentBytes`).
            try forEachPage(
                """
                SELECT a.id, a.sent_sha256, a.app_time, p.body FROM attempts a JOIN messages m ON m.id = a.message_id
                    JOIN payloads p ON p.sha256 = m.payload_sha256
                """,
                filter: """
                    a.app_time IS NOT NULL AND a.sent_sha256 IS NOT NULL
                        AND NOT EXISTS (SELECT 1 FROM attempt_bodies b WHERE b.attempt_id = a.id)
                        AND NOT EXISTS (SELECT 1 FROM payloads q WHERE q.sha256 = a.sent_sha256)
                    """,
                key: "a.id", from: .integer(0)
            ) { row in
                if let id = row[0].int, let payload = row[3].data,
                    SentBytes.sent(kept: nil, payload: payload, appTime: row[2].string, sha256: row[1].string) == nil
                {
                    problems.append(
                        "the bytes attempt \(id) sent (its message's payload with its appTime) do not match the hash it recorded")
                }
            }
            // The archive `receipts replay` rebuilds statuses from: a changed body would replay
            // into different statuses than customs sent.
            try forEachPage("SELECT sha256, body FROM raw_receipts", key: "sha256", from: .text("")) { row in
                if let hash = row[0].string, let body = row[1].data, SHA256.hex(body) != hash {
                    problems.append(
                        "archived raw receipt \(hash.prefix(12))… does not match its hash (the archive was changed; replay would not give customs' statuses)"
                    )
                }
            }
            return problems
        }
    }

    /// The rows of `select` — whose first column is `key` — that pass `filter`, a few hundred at
    /// a time in `key`'s order, so that checking an outbox never holds all its bodies at once.
    private func forEachPage(
        _ select: String, filter: String? = nil, key: String, from start: SQLValue, _ body: ([SQLValue]) -> Void
    ) throws(OutboxError) {
        var after = start
        while true {
            let rows = try connection.query(
                "\(select) WHERE \(filter.map { "\($0) AND " } ?? "")\(key) > ? ORDER BY \(key) LIMIT 500", [after])
            rows.forEach(body)
            guard rows.count == 500, let last = rows.last?.first else { return }
            after = last
        }
    }
}
