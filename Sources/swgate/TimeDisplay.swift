import ArgumentParser
import Foundation
import Outbox

/// How people read times: China time (UTC+8) by default, the clock customs and the platform's
/// staff work by; `--utc` for UTC. JSON always carries ISO-8601 in UTC (`…Z`), which programs read.
struct TimeDisplay: ParsableArguments {
    static let china = TimeZone(secondsFromGMT: 8 * 3600) ?? .current

    @Flag(help: "Show times in UTC instead of China time (UTC+8).")
    var utc = false

    /// `2026-12-05 18:30:00 +08` (or `… UTC`).
    func string(_ date: Date) -> String {
        utc ? UTCTimestamp.wallClock(date, offset: 0) + " UTC" : UTCTimestamp.wallClock(date, offset: 8 * 3600) + " +08"
    }

    /// The ISO-8601 text of `date` for JSON, in UTC.
    static func json(_ date: Date) -> String {
        UTCTimestamp.string(date)
    }
}
