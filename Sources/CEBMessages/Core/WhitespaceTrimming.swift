extension String {
    /// The string without leading and trailing whitespace (and newlines). Receipts are read by
    /// the ten thousand and records by the million; almost every value is already trimmed, and this
    /// returns those untouched instead of going through Foundation's character sets.
    public var trimmedWhitespace: String {
        // ASCII at both ends (nearly every value): whitespace is a byte test.
        if let head = utf8.first, let tail = utf8.last, head < 0x80, tail < 0x80 {
            if !Self.isASCIIWhitespace(head), !Self.isASCIIWhitespace(tail) { return self }
        }
        guard let first = unicodeScalars.first, let last = unicodeScalars.last else { return self }
        if !first.properties.isWhitespace, !last.properties.isWhitespace { return self }
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[start...end])
    }

    private static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }
}
