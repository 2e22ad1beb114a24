public import Foundation

/// `2026-11-25T10:30:00Z` from epoch milliseconds, without a date formatter: creating one costs
/// more than applying a receipt, and notifications are written inside the receipt's transaction.
public enum UTCTimestamp {
    /// `2026-12-05T10:30:00Z`.
    public static func string(_ date: Date) -> String {
        string(millis: Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
    }

    /// `2026-12-05 18:30:00`: the wall-clock time `offset` seconds east of UTC (no zone written).
    public static func wallClock(_ date: Date, offset: Int) -> String {
        var seconds = time_t(Int64(date.timeIntervalSince1970.rounded(.down)) + Int64(offset))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : String(value) }
        return
            "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) \(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
    }

    static func string(millis: Int64) -> String {
        var seconds = time_t(millis / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : String(value) }
        return
            "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
