import Foundation

/// A point in time as operators type it: a full ISO-8601 time (`2026-12-05T10:00:00+08:00`), or a
/// day or a local time without an offset (`2026-12-05`, `2026-12-05T10:00`, `2026-12-05 10:00`),
/// read in China time (UTC+8) — the clock customs and the platform's staff work by.
enum TimeArgument {
    static func parse(_ text: String) -> Date? {
        if let full = ISO8601DateFormatter().date(from: text) { return full }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeDisplay.china
        for format in ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }

    static func problem(_ option: String, _ text: String) -> String {
        "\(option): \(text) is not a time; write 2026-12-05 (China time), 2026-12-05T10:00 or 2026-12-05T10:00:00+08:00"
    }
}
