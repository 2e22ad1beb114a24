import CEBMessages
public import Foundation

/// Money arithmetic in fen: amounts are `Decimal`, rounded half-up to 2 decimal places where
/// customs expects yuan and fen.
public enum Money {
    /// Rounds half-up (away from zero) to `scale` decimal places.
    public static func round(_ value: Decimal, scale: Int = 2) -> Decimal {
        var input = value
        var result = Decimal()
        NSDecimalRound(&result, &input, scale, .plain)
        return result
    }

    /// Formats for messages: `1,234.50` style is avoided; `1234.5` as customs writes it.
    public static func text(_ value: Decimal) -> String {
        CEBDecimal.string(value)
    }
}
