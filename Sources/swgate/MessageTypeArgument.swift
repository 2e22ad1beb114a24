import CEBMessages

/// A message type as people type it: `CEB621Message`, `CEB621`, `ceb621` or `621`.
enum MessageTypeArgument {
    static func parse(_ text: String) -> CEBMessageType? {
        if let exact = CEBMessageType(rawValue: text) { return exact }
        var digits = text.uppercased()
        if digits.hasSuffix("MESSAGE") { digits.removeLast("MESSAGE".count) }
        if digits.hasPrefix("CEB") { digits.removeFirst(3) }
        guard digits.count == 3, digits.allSatisfy(\.isNumber) else { return nil }
        return CEBMessageType(rawValue: "CEB\(digits)Message")
    }

    /// The refusal for an option that takes a message type.
    static func problem(_ option: String, _ text: String) -> String {
        "\(option): \(text) is not a message type; write CEB621Message, CEB621 or 621"
    }
}
