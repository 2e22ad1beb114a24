@testable import CEBMessages
import Foundation
import SyntheticData
import Testing

@Suite("Decimal, time and guid formats")
struct FormatTests {
    @Test(
        "decimals are written plainly with at most five fraction digits",
        arguments: [
            ("100000", "100000"), ("1e10", "10000000000"), ("0.00001", "0.00001"), ("12.50000", "12.5"),
            ("0.000004", "0"), ("0.000005", "0.00001"), ("2.345675", "2.34568"), ("-3.25", "-3.25"), ("0", "0"),
            ("99999999999999.99999", "99999999999999.99999"), ("1.10", "1.1"), ("5E+3", "5000"),
            ("1234567890123456789012345.5", "1234567890123456789012345.5"), ("-0.000015", "-0.00002"),
        ]
    )
    func decimalText(input: String, expected: String) throws {
        let value = try #require(Decimal(string: input, locale: Locale(identifier: "en_US_POSIX")))
        #expect(CEBDecimal.string(value) == expected)
    }

    @Test("decimals of up to 24 digits, five of them fraction, are written as their plain text", arguments: [UInt64(1), 2])
    func decimalTextGenerated(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let boundary = ["999999999999999999", "1000000000000000000", "9223372036854775807", "9223372036854775808", "18446744073709551616"]
        for index in 0..<20_000 {
            var integral = index < boundary.count ? boundary[index] : ""
            if integral.isEmpty {
                for _ in 0..<Int(random.next() % 20) { integral.append(Character(String(random.next() % 10))) }
            }
            var fraction = ""
            for _ in 0..<Int(random.next() % 6) { fraction.append(Character(String(random.next() % 10))) }
            let negative = random.next() % 4 == 0
            let text = (negative ? "-" : "") + (integral.isEmpty ? "0" : integral) + (fraction.isEmpty ? "" : "." + fraction)
            // The plain form: no leading zeros, no trailing fraction zeros, no sign on zero.
            var whole = String(integral.drop { $0 == "0" })
            if whole.isEmpty { whole = "0" }
            while fraction.hasSuffix("0") { fraction.removeLast() }
            var expected = whole + (fraction.isEmpty ? "" : "." + fraction)
            if negative, expected != "0" { expected = "-" + expected }
            let value = try #require(Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")))
            #expect(CEBDecimal.string(value) == expected, "\(text)")
        }
    }

    @Test("the decimal parser takes the schema's lexical form only")
    func decimalParse() {
        #expect(CEBDecimal.parse("12.5") == Decimal(string: "12.5"))
        #expect(CEBDecimal.parse(" +3 ") == 3)
        #expect(CEBDecimal.parse(".5") == Decimal(string: "0.5"))
        #expect(CEBDecimal.parse("1e3") == nil)
        #expect(CEBDecimal.parse("1,000") == nil)
        #expect(CEBDecimal.parse("") == nil)
        #expect(CEBDecimal.parse("1.2.3") == nil)
        #expect(CEBDecimal.parse("-") == nil)
    }

    @Test("times are written in China time whatever the input zone")
    func chinaTime() throws {
        // 2026-11-25T18:30:05.123Z is 2026-11-26 02:30:05.123 in Beijing.
        let date = Date(timeIntervalSince1970: 1_795_631_405.123)
        #expect(CEBTime.appTime(date) == "20261126023005")
        #expect(CEBTime.date(date) == "20261126")
        #expect(CEBTime.returnTime(date) == "20261126023005123")
        #expect(CEBTime.dateTime(date) == "2026-11-26T02:30:05")
        let parsed = try #require(CEBTime.parse("20261126023005"))
        #expect(parsed.timeIntervalSince1970 == 1_795_631_405)
        #expect(CEBTime.parse("20261332000000") == nil)
        #expect(CEBTime.parse("2026112602300") == nil)
    }

    @Test("parsing agrees with Foundation's calendar in China time, and is the inverse of writing")
    func parseAgreesWithCalendar() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = CEBTime.chinaTimeZone
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            // 1900–2100, whole seconds.
            let seconds = Int.random(in: -2_208_988_800...4_102_444_800, using: &generator)
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            let text = CEBTime.appTime(date)
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            let expected = String(
                format: "%04d%02d%02d%02d%02d%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0,
                parts.second ?? 0)
            #expect(text == expected)
            let dateTime = String(
                format: "%04d-%02d-%02dT%02d:%02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0,
                parts.minute ?? 0, parts.second ?? 0)
            #expect(CEBTime.dateTime(date) == dateTime)
            #expect(CEBTime.parse(text) == date, "\(text)")
        }
        #expect(CEBTime.parse("20000229120000") != nil)
        #expect(CEBTime.parse("19000229120000") == nil)
        #expect(CEBTime.parse("20250229120000") == nil)
        #expect(CEBTime.parse("20240431000000") == nil)
        #expect(CEBTime.parse("20240101240000") == nil)
        #expect(CEBTime.parse("20240101236000") == nil)
        #expect(CEBTime.parse("20240100000000") == nil)
        #expect(CEBTime.parse("2024010100000a") == nil)
        let millis = try #require(CEBTime.parse("20261126023005123"))
        #expect(abs(millis.timeIntervalSince1970 - 1_795_631_405.123) < 0.000_5)
        #expect(CEBTime.parse("20261126")?.timeIntervalSince1970 == 1_795_622_400)
    }

    @Test("times before 1970 and on leap days convert correctly")
    func calendarEdges() {
        #expect(CEBTime.appTime(Date(timeIntervalSince1970: -1)) == "19700101075959")
        // 2024-02-29T16:00:00Z = 2024-03-01 00:00:00 in Beijing.
        #expect(CEBTime.appTime(Date(timeIntervalSince1970: 1_709_222_400)) == "20240301000000")
    }

    @Test("guids are 36 upper-case characters; stable guids repeat for the same seed")
    func guids() {
        let random = CEBGuid.make()
        #expect(random.count == 36)
        #expect(random == random.uppercased())
        // Version 4, RFC 4122 variant; and no repeats across several refills of the random pool.
        let many = (0..<2_000).map { _ in CEBGuid.make() }
        #expect(Set(many).count == many.count)
        for guid in many {
            let characters = Array(guid)
            #expect(characters[14] == "4")
            #expect("89AB".contains(characters[19]))
            #expect(UUID(uuidString: guid) != nil)
        }
        #expect(CEBGuid.stable("order:HT1") == CEBGuid.stable("order:HT1"))
        #expect(CEBGuid.stable("order:HT1") != CEBGuid.stable("order:HT2"))
        #expect(CEBGuid.stable("x").count == 36)
        // A stable guid names a document in outboxes already written: its text never changes.
        #expect(CEBGuid.stable("order:HT1") == "5E0D7F62-5584-5999-9DCA-B20FDF54ABE5")
        #expect(CEBGuid.stable("x") == "07170286-4CF5-53AF-BC39-32A0C69C3F4F")
    }

    @Test("a guid's text is the UUID's, upper case", arguments: [0, 1, 0x7F, 0xFF])
    func guidText(fill: Int) {
        var bytes = (0..<16).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ fill) }
        if fill == 0xFF { bytes = [UInt8](repeating: 0xFF, count: 16) }
        let uuid = UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9], bytes[10],
                bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
        #expect(bytes.withUnsafeBytes { CEBGuid.text($0) } == uuid.uuidString.uppercased())
    }
}
