/// Reads the root element's name and namespace from the raw bytes of its start tag, without
/// parsing the document — enough to choose a schema before validating in one streaming pass.
public enum RootElementSniffer {
    public struct Root: Sendable, Hashable {
        public var localName: String
        public var namespace: String?
    }

    /// The root element, or `nil` when the start tag cannot be read simply (the caller then parses).
    public static func sniff(_ bytes: UnsafeBufferPointer<UInt8>) -> Root? {
        guard let start = PrologScanner(bytes: bytes).rootStart() else { return nil }
        var index = start + 1
        let count = bytes.count
        func isNameByte(_ byte: UInt8) -> Bool {
            !(byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/")
                || byte == UInt8(ascii: "="))
        }
        func readName() -> String? {
            let begin = index
            while index < count, isNameByte(bytes[index]) { index += 1 }
            guard index > begin else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[begin..<index]), as: UTF8.self)
        }
        func skipSpace() {
            while index < count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D { index += 1 }
        }
        guard let qualified = readName() else { return nil }
        var declarations: [String: String] = [:]
        while true {
            skipSpace()
            guard index < count else { return nil }
            if bytes[index] == UInt8(ascii: ">") || bytes[index] == UInt8(ascii: "/") { break }
            guard let attribute = readName() else { return nil }
            skipSpace()
            guard index < count, bytes[index] == UInt8(ascii: "=") else { return nil }
            index += 1
            skipSpace()
            guard index < count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else { return nil }
            let quote = bytes[index]
            index += 1
            let begin = index
            while index < count, bytes[index] != quote {
                // Entity or character references in a namespace name: leave it to the real parser.
                if bytes[index] == UInt8(ascii: "&") || bytes[index] == UInt8(ascii: "<") { return nil }
                index += 1
            }
            guard index < count else { return nil }
            let value = String(decoding: UnsafeBufferPointer(rebasing: bytes[begin..<index]), as: UTF8.self)
            index += 1
            if attribute == "xmlns" {
                declarations[""] = value
            } else if attribute.hasPrefix("xmlns:") {
                declarations[String(attribute.dropFirst(6))] = value
            }
        }
        let parts = qualified.split(separator: ":", maxSplits: 1).map(String.init)
        if parts.count == 2 {
            guard let namespace = declarations[parts[0]] else { return nil }
            return Root(localName: parts[1], namespace: namespace)
        }
        let namespace = declarations[""].flatMap { $0.isEmpty ? nil : $0 }
        return Root(localName: qualified, namespace: namespace)
    }
}
