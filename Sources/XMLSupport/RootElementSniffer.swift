/// Reads the root element's name and namespace from the raw bytes of its start tag, without
/// parsing the document — enough to choose a schema before validating in one streaming pass.
///
/// The start tag is read as byte ranges, and strings are made only of the two answers: every
/// message the simulator takes and every document a submission validates is sniffed, and a
/// string per attribute (a guid, two namespace URIs) would cost more than the rest of the scan.
public enum RootElementSniffer {
    public struct Root: Sendable, Hashable {
        public var localName: String
        public var namespace: String?
    }

    /// The root element, or `nil` when the start tag cannot be read simply (the caller then parses).
    public static func sniff(_ bytes: UnsafeBufferPointer<UInt8>) -> Root? {
        guard let start = PrologScanner(bytes: bytes).rootStart() else { return nil }
        var scanner = StartTagScanner(bytes: bytes, index: start + 1)
        guard let name = scanner.name() else { return nil }
        // `ceb:CEB311Message`: the prefix runs to the first colon after any leading ones, and
        // needs a local name after it; a name without both is taken whole, as an unprefixed one.
        var prefix: Range<Int>?
        var localName = name
        if let first = bytes[name].firstIndex(where: { $0 != UInt8(ascii: ":") }),
            let colon = bytes[first..<name.upperBound].firstIndex(of: UInt8(ascii: ":")), colon + 1 < name.upperBound
        {
            prefix = first..<colon
            localName = colon + 1..<name.upperBound
        }
        // The last declaration of a prefix counts, as a dictionary of them would have it.
        var defaultNamespace: Range<Int>?
        var prefixNamespace: Range<Int>?
        while true {
            scanner.skipSpace()
            guard let byte = scanner.current else { return nil }
            if byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") { break }
            guard let attribute = scanner.name(), let value = scanner.quotedValue() else { return nil }
            // `xmlns:` with no prefix after it (not well-formed) is taken as the default's.
            if bytes.equals(attribute, "xmlns") || bytes.equals(attribute, "xmlns:") {
                defaultNamespace = value
            } else if let prefix, bytes.isNamespaceDeclaration(attribute, of: prefix) {
                prefixNamespace = value
            }
        }
        if prefix != nil {
            guard let namespace = prefixNamespace else { return nil }
            return Root(localName: bytes.string(localName), namespace: bytes.string(namespace))
        }
        let namespace = defaultNamespace.flatMap { $0.isEmpty ? nil : bytes.string($0) }
        return Root(localName: bytes.string(name), namespace: namespace)
    }
}

/// Walks a start tag's bytes: names, the space between them, quoted attribute values.
private struct StartTagScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index: Int

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    /// The name at the cursor (up to space, `>`, `/` or `=`), or nil when there is none.
    mutating func name() -> Range<Int>? {
        let begin = index
        while index < bytes.count, Self.isNameByte(bytes[index]) { index += 1 }
        return index > begin ? begin..<index : nil
    }

    /// `= "value"` (or single quotes) at the cursor: the value's bytes, or nil when the
    /// attribute is not that simple — a value with a reference or `<` is left to the parser.
    mutating func quotedValue() -> Range<Int>? {
        skipSpace()
        guard current == UInt8(ascii: "=") else { return nil }
        index += 1
        skipSpace()
        guard let quote = current, quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return nil }
        index += 1
        let begin = index
        while index < bytes.count, bytes[index] != quote {
            if bytes[index] == UInt8(ascii: "&") || bytes[index] == UInt8(ascii: "<") { return nil }
            index += 1
        }
        guard index < bytes.count else { return nil }
        defer { index += 1 }
        return begin..<index
    }

    mutating func skipSpace() {
        while let byte = current, Self.isSpace(byte) { index += 1 }
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        !(isSpace(byte) || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "="))
    }
}

extension UnsafeBufferPointer<UInt8> {
    fileprivate func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: self[range]), as: UTF8.self)
    }

    fileprivate func equals(_ range: Range<Int>, _ text: StaticString) -> Bool {
        guard range.count == text.utf8CodeUnitCount else { return false }
        return zip(self[range], UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)).allSatisfy { $0 == $1 }
    }

    /// Whether `attribute` is `xmlns:` followed by the bytes of `prefix`.
    fileprivate func isNamespaceDeclaration(_ attribute: Range<Int>, of prefix: Range<Int>) -> Bool {
        let marker: StaticString = "xmlns:"
        guard attribute.count == marker.utf8CodeUnitCount + prefix.count else { return false }
        let head = attribute.lowerBound..<attribute.lowerBound + marker.utf8CodeUnitCount
        return equals(head, marker) && self[head.upperBound..<attribute.upperBound].elementsEqual(self[prefix])
    }
}
