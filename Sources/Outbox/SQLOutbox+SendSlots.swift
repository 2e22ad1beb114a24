import CEBMessages
public import Foundation

extension SQLOutbox {
    /// Whether several hosts may share this outbox (PostgreSQL): their per-endpoint limits must
    /// then be kept in the database, not in each worker's memory.
    public var isShared: Bool { connection.dialect == .postgres }

    /// Reserves the next send slot to `endpoint` for a rate limit of one send per `interval`
    /// seconds across every worker of a shared outbox: returns when this send may start (now,
    /// or later when others took the slots before it). Nil on the embedded outbox, whose one
    /// worker paces itself.
    public func reserveSendSlot(endpoint: String, interval: TimeInterval, now: Date) throws(OutboxError) -> Date? {
        guard isShared else { return nil }
        let micros = Int64((now.timeIntervalSince1970 * 1_000_000).rounded())
        let step = max(1, Int64((interval * 1_000_000).rounded()))
        return try locked { () throws(OutboxError) -> Date? in
            let rows = try connection.query(
                """
                INSERT INTO send_slots(endpoint, next_at) VALUES (?, ?)
                ON CONFLICT (endpoint) DO UPDATE SET next_at = GREATEST(send_slots.next_at, ?) + ?
                RETURNING next_at
                """,
                [.text(endpoint), .integer(micros + step), .integer(micros), .integer(step)]
            )
            guard let next = rows.first?.first?.int else { return nil }
            return Date(timeIntervalSince1970: Double(next - step) / 1_000_000)
        }
    }
}
