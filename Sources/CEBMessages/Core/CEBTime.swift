public import Foundation

/// The time formats of customs messages, always in China Standard Time (UTC+8, no daylight saving).
public enum CEBTime {
    /// UTC+8. Customs reads every time field as Beijing time, whatever zone the platform works in.
    public static let chinaTimeZone: TimeZone = TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt

    /// `YYYYMMDDhhmmss` — `appTime`, `payTime`, `logisticsTime`.
    public static func appTime(_ date: Date) -> String {
        written(date, separated: false, time: true)
    }

    /// `YYYYMMDD` — `declTime`, `ieDate`.
    public static func date(_ date: Date) -> String {
        written(date, separated: false, time: false)
    }

    /// `YYYY-MM-DDThh:mm:ss`, China time without a zone — `xs:dateTime` as DXP envelopes carry it.
    public static func dateTime(_ date: Date) -> String {
        written(date, separated: true, time: true)
    }

    /// `YYYYMMDDhhmmssSSS` — `returnTime` in receipts.
    public static func returnTime(_ date: Date) -> String {
        let millis = Int((date.timeIntervalSince1970 * 1000).rounded(.down)) % 1000
        return appTime(date) + pad((millis + 1000) % 1000, 3)
    }

    /// Parses `YYYYMMDDhhmmss` or `YYYYMMDDhhmmssSSS` (China time).
    public static func parse(_ text: String) -> Date? {
        let digits = Array(text.utf8)
        guard digits.count == 14 || digits.count == 17 || digits.count == 8,
            digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
        else { return nil }
        func number(_ start: Int, _ length: Int) -> Int {
            digits[start..<start + length].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }
        // The same integer arithmetic as `components`, in reverse: Calendar took several
        // microseconds a call, and every receipt and envelope carries a time.
        let year = number(0, 4), month = number(4, 2), day = number(6, 2)
        let hour = digits.count >= 14 ? number(8, 2) : 0
        let minute = digits.count >= 14 ? number(10, 2) : 0
        let second = digits.count >= 14 ? number(12, 2) : 0
        let millisecond = digits.count == 17 ? number(14, 3) : 0
        guard (1...12).contains(month), (1...daysInMonth(month, of: year)).contains(day),
            hour < 24, minute < 60, second < 60
        else { return nil }
        let seconds = daysSinceEpoch(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second - 8 * 3600
        return Date(timeIntervalSince1970: TimeInterval(seconds) + TimeInterval(millisecond) / 1000)
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days-from-civil).
    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func daysInMonth(_ month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func components(_ date: Date) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        // Integer arithmetic on the epoch is several times faster than Calendar and exact for UTC+8.
        let seconds = Int((date.timeIntervalSince1970).rounded(.down)) + 8 * 3600
        var days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Civil-from-days (Howard Hinnant's algorithm).
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day, secondOfDay / 3600, (secondOfDay % 3600) / 60, secondOfDay % 60)
    }

    /// Writes the digits straight into the string's storage: every message, envelope and receipt
    /// carries a time, and joining padded substrings would allocate for each part.
    private static func written(_ date: Date, separated: Bool, time: Bool) -> String {
        let parts = components(date)
        guard (0...9999).contains(parts.year) else {
            // Outside four-digit years the year is written whole (no message carries one).
            let day = [pad(parts.year, 4), pad(parts.month, 2), pad(parts.day, 2)].joined(separator: separated ? "-" : "")
            guard time else { return day }
            let clock = [pad(parts.hour, 2), pad(parts.minute, 2), pad(parts.second, 2)].joined(separator: separated ? ":" : "")
            return day + (separated ? "T" : "") + clock
        }
        let length = (separated ? 10 : 8) + (time ? (separated ? 9 : 6) : 0)
        return String(unsafeUninitializedCapacity: length) { buffer in
            var index = 0
            func put(_ value: Int, _ width: Int) {
                var divisor = 1
                for _ in 1..<width { divisor *= 10 }
                var rest = value
                while divisor > 0 {
                    buffer[index] = UInt8(0x30 + (rest / divisor) % 10)
                    rest %= divisor
                    divisor /= 10
                    index += 1
                }
            }
            func mark(_ character: Unicode.Scalar) {
                if separated {
                    buffer[index] = UInt8(ascii: character)
                    index += 1
                }
            }
            put(parts.year, 4)
            mark("-")
            put(parts.month, 2)
            mark("-")
            put(parts.day, 2)
            if time {
                mark("T")
                put(parts.hour, 2)
                mark(":")
                put(parts.minute, 2)
                mark(":")
                put(parts.second, 2)
            }
            return index
        }
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
