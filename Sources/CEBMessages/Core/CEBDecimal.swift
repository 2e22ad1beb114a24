public import Foundation

/// The decimal format of customs messages: plain digits, at most five after the point.
///
/// Money is `Decimal` everywhere in swgate. Customs' schema allows 19 digits with 5 fraction
/// digits and has no exponent form, so values are rounded half-up to 5 places and written with
/// trailing zeros removed (`12.5`, never `1.25E1` or `12.50000`).
public enum CEBDecimal {
    public static let fractionDigits = 5

    /// The customs text form of `value`.
    public static func string(_ value: Decimal) -> String {
        var rounded = value
        if Int(value.exponent) < -fractionDigits {
            var input = value
            NSDecimalRound(&rounded, &input, fractionDigits, .plain)
        }
        if rounded.isZero { return "0" }
        // Assemble the text from the integral significand and the exponent: Foundation does not
        // promise that its own description avoids exponent notation.
        var digits = integerText(rounded.significand.magnitude)
        var exponent = Int(rounded.exponent)
        while exponent < 0, digits.count > 1, digits.hasSuffix("0") {
            digits.removeLast()
            exponent += 1
        }
        let text: String
        if exponent >= 0 {
            text = digits + String(repeating: "0", count: exponent)
        } else if digits.count > -exponent {
            let split = digits.index(digits.endIndex, offsetBy: exponent)
            text = digits[..<split] + "." + digits[split...]
        } else {
            text = "0." + String(repeating: "0", count: -exponent - digits.count) + digits
        }
        return rounded.sign == .minus ? "-" + text : text
    }

    /// `value` as text that reads back as the same value (with ``value(_:)``): the customs form
    /// where that is exact — at most five digits after the point, every amount customs writes —
    /// and Foundation's description otherwise. Stored amounts are written this way: the
    /// description divides by ten digit by digit.
    public static func exactString(_ value: Decimal) -> String {
        Int(value.exponent) >= -fractionDigits ? string(value) : value.description
    }

    /// A decimal read back from text: the `xs:decimal` form digit by digit (``parse(_:)``),
    /// any other form Foundation reads (an exponent, say) as Foundation reads it.
    public static func value(_ text: String) -> Decimal? {
        parse(text) ?? Decimal(string: text)
    }

    /// The digits of `value`, a non-negative integer. `Decimal.description` divides by ten digit
    /// by digit, and every amount of every message written passes here: a value below 9·10¹⁸ —
    /// all but the largest of the 19 digits customs' schema allows — is read as an `Int64`
    /// instead, which is exact below 2⁶³; a larger one takes `description`. (Comparing two
    /// `Decimal`s costs as much as the reading: the bound is checked on the `Double`, whose error
    /// there is a few thousand, far below the margin to 2⁶³.)
    static func integerText(_ value: Decimal) -> String {
        let number = NSDecimalNumber(decimal: value)
        guard number.doubleValue < 9e18 else { return value.description }
        return String(number.int64Value)
    }

    /// Parses the XML Schema `xs:decimal` lexical form (no exponent, optional sign, optional point).
    ///
    /// Values of up to 19 significant digits — every amount customs accepts — are assembled
    /// directly from their digits; longer ones fall back to Foundation's parser.
    public static func parse(_ text: String) -> Decimal? {
        var bytes = Substring(text).utf8[...]
        while let first = bytes.first, first == 0x20 || first == 0x09 || first == 0x0A || first == 0x0D { bytes = bytes.dropFirst() }
        while let last = bytes.last, last == 0x20 || last == 0x09 || last == 0x0A || last == 0x0D { bytes = bytes.dropLast() }
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var significand: UInt64 = 0
        var digits = 0
        var fraction = 0
        var sawPoint = false
        var sawDigit = false
        var overflow = false
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                sawDigit = true
                if sawPoint { fraction += 1 }
                if significand == 0 && byte == UInt8(ascii: "0") { continue }
                digits += 1
                if digits > 19 {
                    overflow = true
                } else {
                    significand = significand * 10 + UInt64(byte - UInt8(ascii: "0"))
                }
            case UInt8(ascii: "."):
                if sawPoint { return nil }
                sawPoint = true
            default:
                return nil
            }
        }
        guard sawDigit else { return nil }
        if overflow {
            return Decimal(string: String(decoding: bytes, as: UTF8.self), locale: Locale(identifier: "en_US_POSIX")).map {
                negative ? -$0 : $0
            }
        }
        let value = Decimal(sign: negative ? .minus : .plus, exponent: -fraction, significand: Decimal(significand))
        return value
    }

    /// Digits before and after the point of a decimal's text (leading and trailing zeros not
    /// counted), as the schema's totalDigits/fractionDigits judge them; `nil` when not a decimal.
    public static func digitCounts(of text: String) -> (total: Int, fraction: Int)? {
        var integer = 0
        var fraction = 0
        var trailingZeros = 0
        var sawPoint = false
        var leading = true
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if sawPoint {
                    fraction += 1
                    trailingZeros = byte == UInt8(ascii: "0") ? trailingZeros + 1 : 0
                } else if !(leading && byte == UInt8(ascii: "0")) {
                    leading = false
                    integer += 1
                }
            case UInt8(ascii: "."): sawPoint = true
            case UInt8(ascii: "+"), UInt8(ascii: "-"), 0x20: continue
            default: return nil
            }
        }
        let significantFraction = fraction - trailingZeros
        return (integer + significantFraction, significantFraction)
    }

    /// Digits before and after the point, as the schema's totalDigits/fractionDigits count them.
    public static func digitCounts(_ value: Decimal) -> (total: Int, fraction: Int) {
        let text = string(value).replacingOccurrences(of: "-", with: "")
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let integer = parts[0].drop { $0 == "0" }
        let fraction = parts.count > 1 ? parts[1].count : 0
        return (integer.count + fraction, fraction)
    }
}
