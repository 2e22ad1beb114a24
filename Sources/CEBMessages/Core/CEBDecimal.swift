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
        var input = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &input, fractionDigits, .plain)
        if rounded.isZero { return "0" }
        // Assemble the text from the integral significand and the exponent: Foundation does not
        // promise that its own description avoids exponent notation.
        var digits = rounded.significand.magnitude.description
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

    /// Parses the XML Schema `xs:decimal` lexical form (no exponent, optional sign, optional point).
    public static func parse(_ text: String) -> Decimal? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var sawDigit = false
        var sawPoint = false
        for (offset, character) in trimmed.enumerated() {
            switch character {
            case "0"..."9": sawDigit = true
            case ".":
                if sawPoint { return nil }
                sawPoint = true
            case "+", "-":
                if offset != 0 { return nil }
            default:
                return nil
            }
        }
        guard sawDigit else { return nil }
        return Decimal(string: trimmed, locale: Locale(identifier: "en_US_POSIX"))
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
