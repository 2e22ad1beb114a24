import Adapters

/// Free text bound for a log (a customs reason, an HTTP body): every run of 11 or more digits —
/// a phone number, an ID number — is masked, whatever it is, before it is written.
enum LogMasking {
    static func text(_ text: String) -> String {
        var out = ""
        var digits = ""
        func flush() {
            out += digits.count >= 11 ? ResidentID.masked(digits) : digits
            digits = ""
        }
        for character in text {
            if character.isASCII, character.isNumber || (character == "X" && digits.count == 17) {
                digits.append(character)
            } else {
                flush()
                out.append(character)
            }
        }
        flush()
        return out
    }
}
