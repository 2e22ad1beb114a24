/// Customs' reason in a receipt's `returnInfo`, as its systems write it: `[Code:1313;Desc:订购人购买超过年度限额…]`,
/// sometimes followed by more brackets with the values compared (`,[OrderHead.acturalPaid:561.89,…]`).
/// The code is what a program matches on (it is stable; the text is not); the text is what a person reads.
public struct CustomsReason: Sendable, Hashable {
    /// The number after `Code:` (ASCII digits, `-` for customs' negative codes), when the text has one.
    public var code: String?
    /// The description after `Desc:` (the whole text when it has none), with any further brackets.
    public var text: String

    public init(code: String?, text: String) {
        self.code = code
        self.text = text
    }

    /// The reason in `info`; nil for an empty text. Its delimiters are ASCII, so it is read on
    /// the UTF-8 bytes: every final status a receipt brings is parsed for its notification, and
    /// walking the Chinese text around them as characters (grapheme breaking) cost several times
    /// the rest.
    public static func parse(_ info: String) -> CustomsReason? {
        let trimmed = info.trimmedWhitespace
        guard !trimmed.isEmpty else { return nil }
        let bytes = trimmed.utf8
        guard bytes.starts(with: "[Code:".utf8), let close = bytes.firstIndex(of: UInt8(ascii: "]")) else {
            return CustomsReason(code: nil, text: trimmed)
        }
        let inside = trimmed[bytes.index(bytes.startIndex, offsetBy: 6)..<close]
        let semicolon = inside.utf8.firstIndex(of: UInt8(ascii: ";"))
        let code = String(inside[..<(semicolon ?? inside.endIndex)]).trimmedWhitespace
        guard !code.isEmpty, code.utf8.allSatisfy({ (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-") }) else {
            return CustomsReason(code: nil, text: trimmed)
        }
        var text = semicolon.map { Substring(inside.utf8[inside.utf8.index(after: $0)...]) } ?? ""
        if text.utf8.starts(with: "Desc:".utf8) { text = text[text.utf8.index(text.startIndex, offsetBy: 5)...] }
        let rest = String(trimmed[bytes.index(after: close)...]).trimmedWhitespace
        var result = String(text)
        if !rest.isEmpty { result += rest.utf8.first == UInt8(ascii: ",") ? rest : " " + rest }
        return CustomsReason(code: code, text: result.trimmedWhitespace)
    }
}
