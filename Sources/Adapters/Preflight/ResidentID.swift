/// Mainland China resident identity numbers (GB 11643): 18 characters — a 6-digit region, an
/// 8-digit birth date, a 3-digit sequence and an ISO 7064 MOD 11-2 check character.
public enum ResidentID {
    public enum Problem: Sendable, Hashable {
        case length
        case characters
        case region
        case birthDate
        case checksum(expected: Character)
    }

    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]
    /// Province-level region prefixes in use.
    static let provinces: Set<Int> = [
        11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81,
        82, 83, 91,
    ]

    /// `nil` when `number` is a well-formed resident ID number.
    public static func problem(_ number: String) -> Problem? {
        let characters = Array(number.uppercased())
        guard characters.count == 18 else { return .length }
        guard characters.prefix(17).allSatisfy(\.isASCIIDigit), characters[17].isASCIIDigit || characters[17] == "X" else {
            return .characters
        }
        let digits = characters.prefix(17).compactMap { $0.wholeNumberValue }
        guard provinces.contains(digits[0] * 10 + digits[1]) else { return .region }
        let year = digits[6...9].reduce(0) { $0 * 10 + $1 }
        let month = digits[10] * 10 + digits[11]
        let day = digits[12] * 10 + digits[13]
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1900...2100).contains(year), (1...12).contains(month), (1...lengths[month - 1]).contains(day) else { return .birthDate }
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        let expected = checkCharacters[sum % 11]
        guard characters[17] == expected else { return .checksum(expected: expected) }
        return nil
    }

    /// The check character that completes a 17-digit prefix (for generating test data).
    public static func checkCharacter(for prefix: String) -> Character? {
        let digits = prefix.compactMap(\.wholeNumberValue)
        guard digits.count == 17 else { return nil }
        return checkCharacters[zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 } % 11]
    }

    /// The number as logs may show it: the first 3 and last 2 characters, the rest masked.
    public static func masked(_ number: String) -> String {
        guard number.count > 5 else { return String(repeating: "*", count: number.count) }
        return String(number.prefix(3)) + String(repeating: "*", count: number.count - 5) + String(number.suffix(2))
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
