/// The two forms customs takes for an enterprise: its 10-character customs registration code
/// (4-digit customs district, then digits and capital letters), or its 18-character unified
/// social credit code (GB 32100-2015, whose last character is a check character).
enum EnterpriseCode {
    /// The characters of a credit code (no I, O, S, V, Z), in the order that gives their values.
    static let creditCharacters = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    /// Weights of the first 17 characters (3^i mod 31).
    static let creditWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// Why `code` is neither form, or nil when it is one of them.
    static func problem(_ code: String) -> String? {
        let characters = Array(code)
        switch characters.count {
        case 10:
            guard characters.prefix(4).allSatisfy({ $0.isASCII && $0.isNumber }) else {
                return "'\(code)' is not a customs registration code: its first 4 characters are the customs district's digits"
            }
            guard characters.allSatisfy({ $0.isASCII && ($0.isNumber || $0.isUppercase) }) else {
                return "'\(code)' is not a customs registration code: only digits and capital letters"
            }
            return nil
        case 18:
            guard let expected = creditCheckCharacter(characters.prefix(17)) else {
                return "'\(code)' is not a unified social credit code: only digits and the capital letters 0-9, A-H, J-N, P-R, T, U, W-Y"
            }
            guard characters[17] == expected else {
                return
                    "'\(code)' is not a unified social credit code: its check character should be '\(expected)', not '\(characters[17])' (GB 32100)"
            }
            return nil
        default:
            return
                "'\(code)' is \(characters.count) characters; customs takes a 10-character customs registration code or an 18-character unified social credit code"
        }
    }

    /// The GB 32100 check character of the first 17 characters, or nil when one is not allowed.
    static func creditCheckCharacter(_ body: ArraySlice<Character>) -> Character? {
        var sum = 0
        for (index, character) in body.enumerated() {
            guard let value = creditCharacters.firstIndex(of: character) else { return nil }
            sum += value * creditWeights[index]
        }
        let check = (31 - sum % 31) % 31
        return creditCharacters[check]
    }
}
