import JSONWriting

/// Rows that applying receipts only adds — archived raw receipts, receipt rows, audit entries,
/// notifications — gathered during one transaction and written at its end with multi-row
/// inserts: statement overhead was most of the cost of a receipt when each went alone.
///
/// Nothing in the same transaction reads these tables back, so deferring the writes changes
/// no outcome; used inside the store's lock only.
final class PendingRows {
    var raw: [[SQLValue]] = []
    var receipts: [[SQLValue]] = []
    var audit: [[SQLValue]] = []
    var notifications: [[SQLValue]] = []
    /// A notification's time as JSON, made once per transaction (every row has the same).
    private var time: (stamp: Int64, json: String)?

    func notificationTime(_ stamp: Int64) -> String {
        if let time, time.stamp == stamp { return time.json }
        let json = JSONString.quoted(UTCTimestamp.string(millis: stamp))
        time = (stamp, json)
        return json
    }

    func write(to connection: any SQLDatabase) throws(OutboxError) {
        try connection.insertRows("INSERT OR IGNORE", into: "raw_receipts", columns: ["sha256", "received_at", "body"], rows: raw)
        try connection.insertRows(
            "INSERT OR IGNORE", into: "receipts",
            columns: [
                "content_sha256", "received_at", "source", "message_type", "raw_sha256", "return_status", "return_info", "fields",
                "lookup_keys", "document_id", "applied", "return_time",
            ],
            rows: receipts
        )
        try connection.insertRows(
            "INSERT", into: "audit", columns: ["at", "entity", "entity_id", "from_state", "to_state", "reason"], rows: audit)
        try connection.insertRows(
            "INSERT", into: "notifications", columns: ["document_id", "created_at", "body", "next_at"], rows: notifications)
        raw = []
        receipts = []
        audit = []
        notifications = []
    }
}
