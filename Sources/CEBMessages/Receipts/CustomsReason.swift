/// Customs' reason in a receipt's `returnInfo`, as its systems write it: `[Code:1313;Desc:订购人购买超过年度限额…]`,
/// sometimes followed by more brackets with the values compared (`,[OrderHead.acturalPaid:561.89,…]`).
/// The code is what a program matches on (it is stable; the text is not); the text is what a person reads.
public struct CustomsReason: Sendable, Hashable {
    /// The number after `Code:`, when the text has one.
    public var code: String?
    /// The description after `Desc:` (the whole text when it has none), with any further brackets.
    public var text: String

    public init(code: String?, text: String) {
        self.code = code
        self.text = text
    }

    /// The reason in `info`; nil for an empty text.
    public static func parse(_ info: String) -> CustomsReason? {
        let trimmed = info.trimmedWhitespace
        guard !trimmed.isEmpty else { return nil }
        guard trimmed.hasPrefix("[Code:"), let close = trimmed.firstIndex(of: "]") else { return CustomsReason(code: nil, text: trimmed) }
        let inside = trimmed[trimmed.index(trimmed.startIndex, offsetBy: "[Code:".count)..<close]
        let parts = inside.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
        let code = String(parts[0]).trimmedWhitespace
        guard !code.isEmpty, code.allSatisfy({ $0.isNumber || $0 == "-" }) else { return CustomsReason(code: nil, text: trimmed) }
        var text = parts.count > 1 ? String(parts[1]) : ""
        if text.hasPrefix("Desc:") { text.removeFirst("Desc:".count) }
        let rest = String(trimmed[trimmed.index(after: close)...]).trimmedWhitespace
        if !rest.isEmpty { text += rest.hasPrefix(",") ? rest : " " + rest }
        return CustomsReason(code: code, text: text.trimmedWhitespace)
    }
}
