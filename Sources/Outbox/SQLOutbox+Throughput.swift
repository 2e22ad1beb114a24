public import Foundation

extension SQLOutbox {
    /// Send attempts that finished since `moment` (the console's throughput of the last hour).
    public func attemptCount(since moment: Date) throws(OutboxError) -> Int {
        try locked { () throws(OutboxError) -> Int in
            Int(
                try connection.query("SELECT COUNT(*) FROM attempts WHERE finished_at >= ?", [.integer(Self.millis(moment))]).first?.first?
                    .int ?? 0)
        }
    }
}
