import Foundation

/// `2026-11-25T10:30:00Z` from epoch milliseconds, without a date formatter: creating one costs
/// more than applying a receipt, and notifications are written inside the receipt's transaction.
enum UTCTimestamp {
    static func string(millis: Int64) -> String {
        var seconds = time_t(millis / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : String(value) }
        return
            "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
