import Foundation
import XMLSupport

/// Canonical XML 1.0 read straight off the bytes of a document in the exact form swgate's message
/// writer produces, so that signing at dispatch needs no parse, XPath or C14N pass: every
/// inventory is signed again on every send (its `appTime` changes).
///
/// The form: the XML declaration and a line feed; the root start tag
/// `<p:Name guid="…" version="…" xmlns:p="…">`; then only start and end tags of `p:`-prefixed
/// elements without attributes, and character data with no reference but `&amp;`, `&lt;` and
/// `&gt;`, no raw `>`, no carriage return and no other control character; the root's end tag and
/// an optional line feed. For such a document Canonical XML 1.0 is the bytes from the root on,
/// with the namespace declaration moved before the attributes and the text outside the root
/// dropped. Anything else — another writer's document, a comment, a character reference, an
/// attribute, an empty-element tag, tags that do not match — gives nil, and libxml2 does the work.
enum WrittenFormCanonical {
    /// The root's namespace declaration: in scope in `SignedInfo`, so part of its canonical form.
    struct Namespace: Equatable {
        var prefix: String
        var uri: String
    }

    /// Deeper than any customs message: past this the document is left to the hardened parser.
    static let maxDepth = 32

    /// The canonical form of `xml` once its enveloped signature is inserted before the root's
    /// closing tag (at `close`) as a tab, the signature and a line feed — with the signature left
    /// out, as the enveloped-signature transform does — and the root's namespace declaration.
    static func document(_ xml: Data, close: Data.Index) -> (canonical: Data, namespace: Namespace)? {
        xml.withUnsafeBytes { raw -> (canonical: Data, namespace: Namespace)? in
            let bytes = raw.bindMemory(to: UInt8.self)
            return document(bytes, close: close - xml.startIndex)
        }
    }

    /// `SignedInfo` of `template` (a signature written by ``EnvelopedSignature``) in canonical
    /// form: the namespaces in scope — the signature's `ds` and the root's — declared on it, in
    /// the order of their prefixes. Nil when the root's prefix is `ds` too (``document(_:close:)``
    /// never reads such a document).
    static func signedInfo(of template: String, rootNamespace: Namespace) -> Data? {
        guard rootNamespace.prefix != "ds", let start = template.utf8Offsets(of: "<ds:SignedInfo>"),
            let end = template.utf8Offsets(of: "</ds:SignedInfo>", from: start.upperBound)
        else { return nil }
        let declarations = [rootNamespace, Namespace(prefix: "ds", uri: EnvelopedSignature.namespace)]
            .sorted { $0.prefix.utf8.lexicographicallyPrecedes($1.prefix.utf8) }
            .map { " xmlns:\($0.prefix)=\"\($0.uri)\"" }.joined()
        var signedInfo = Data(("<ds:SignedInfo" + declarations + ">").utf8)
        var text = template
        text.withUTF8 { bytes in signedInfo.append(UnsafeBufferPointer(rebasing: bytes[start.upperBound..<end.upperBound])) }
        return signedInfo
    }

    private static let declaration: StaticString = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<"

    private static func document(_ bytes: UnsafeBufferPointer<UInt8>, close: Int) -> (canonical: Data, namespace: Namespace)? {
        guard close > 0, close < bytes.count else { return nil }
        var scanner = Scanner(bytes: bytes, index: 0)
        // The root start tag, exactly as the writer lays it out.
        guard scanner.literal(declaration), let root = scanner.qualifiedName(), scanner.literal(" guid=\""),
            let guid = scanner.attributeValue(), scanner.literal(" version=\""), let version = scanner.attributeValue(),
            scanner.literal(" xmlns:")
        else { return nil }
        let prefix = root.lowerBound..<root.prefixEnd
        guard scanner.same(as: prefix), scanner.literal("=\""), let uri = scanner.attributeValue(), scanner.literal(">") else { return nil }
        // A root prefixed `ds` would share its prefix with the signature's: libxml2 sorts that out.
        if prefix.count == 2, bytes[prefix.lowerBound] == UInt8(ascii: "d"), bytes[prefix.lowerBound + 1] == UInt8(ascii: "s") {
            return nil
        }
        let bodyStart = scanner.index
        var open: [Range<Int>] = []
        open.reserveCapacity(maxDepth)
        while scanner.index < close {
            let byte = bytes[scanner.index]
            switch byte {
            case UInt8(ascii: "<"):
                scanner.index += 1
                let closing = scanner.literal("/")
                // Every element in the root's namespace, by the root's prefix, without attributes.
                guard let name = scanner.qualifiedName(), scanner.equal(prefix, name.lowerBound..<name.prefixEnd), scanner.literal(">")
                else { return nil }
                if closing {
                    guard let last = open.popLast(), scanner.equal(last, name.range) else { return nil }
                } else {
                    guard open.count < maxDepth else { return nil }
                    open.append(name.range)
                }
            case UInt8(ascii: "&"):
                scanner.index += 1
                guard scanner.literal("amp;") || scanner.literal("lt;") || scanner.literal("gt;") else { return nil }
            case UInt8(ascii: ">"), 0x0D:
                return nil
            case 0x00..<0x20 where byte != 0x09 && byte != 0x0A:
                return nil
            default:
                scanner.index += 1
            }
        }
        // Nothing left open, the root's own end tag, and at most a line feed after it.
        guard open.isEmpty, scanner.literal("</"), scanner.same(as: root.range), scanner.literal(">") else { return nil }
        guard scanner.index == bytes.count || (scanner.index == bytes.count - 1 && bytes[scanner.index] == 0x0A) else { return nil }
        let body = UnsafeBufferPointer(rebasing: bytes[bodyStart..<close])
        // Only well-formed UTF-8 of characters XML allows (U+FFFE and U+FFFF are not).
        guard String(validating: body, as: UTF8.self) != nil, !containsNonCharacter(body) else { return nil }
        func piece(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[range]) }
        var canonical = Data(capacity: close - bodyStart + 256)
        canonical.append(UInt8(ascii: "<"))
        canonical.append(piece(root.range))
        canonical.append(contentsOf: " xmlns:".utf8)
        canonical.append(piece(prefix))
        canonical.append(contentsOf: "=\"".utf8)
        canonical.append(piece(uri))
        canonical.append(contentsOf: "\" guid=\"".utf8)
        canonical.append(piece(guid))
        canonical.append(contentsOf: "\" version=\"".utf8)
        canonical.append(piece(version))
        canonical.append(contentsOf: "\">".utf8)
        canonical.append(body)
        canonical.append(contentsOf: "\t\n</".utf8)
        canonical.append(piece(root.range))
        canonical.append(UInt8(ascii: ">"))
        let namespace = Namespace(prefix: String(decoding: piece(prefix), as: UTF8.self), uri: String(decoding: piece(uri), as: UTF8.self))
        return (canonical, namespace)
    }

    /// Whether UTF-8 `bytes` hold U+FFFE or U+FFFF (EF BF BE, EF BF BF).
    private static func containsNonCharacter(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index + 2 < bytes.count {
            if bytes[index] == 0xEF, bytes[index + 1] == 0xBF, bytes[index + 2] >= 0xBE { return true }
            index += 1
        }
        return false
    }

    /// A cursor over the document's bytes; names and values are ranges of them.
    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index: Int

        /// A `prefix:local` name: where it is, and where its prefix ends.
        struct Name {
            var range: Range<Int>
            var prefixEnd: Int
            var lowerBound: Int { range.lowerBound }
        }

        /// Consumes `text` if it comes next.
        mutating func literal(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard bytes.count - index >= count else { return false }
            let pattern = UnsafeBufferPointer(start: text.utf8Start, count: count)
            for offset in 0..<count where bytes[index + offset] != pattern[offset] { return false }
            index += count
            return true
        }

        /// Consumes the same bytes as those at `range`, if they come next.
        mutating func same(as range: Range<Int>) -> Bool {
            guard bytes.count - index >= range.count, equal(range, index..<(index + range.count)) else { return false }
            index += range.count
            return true
        }

        func equal(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
            guard a.count == b.count else { return false }
            for offset in 0..<a.count where bytes[a.lowerBound + offset] != bytes[b.lowerBound + offset] { return false }
            return true
        }

        /// `prefix:local`, each an ASCII name as the writer writes them (a letter or `_` first).
        mutating func qualifiedName() -> Name? {
            let start = index
            guard ncName(), index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
            let prefixEnd = index
            index += 1
            guard ncName() else { return nil }
            return Name(range: start..<index, prefixEnd: prefixEnd)
        }

        private mutating func ncName() -> Bool {
            guard index < bytes.count, isLetter(bytes[index]) || bytes[index] == UInt8(ascii: "_") else { return false }
            index += 1
            while index < bytes.count {
                let byte = bytes[index]
                guard isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
                else { break }
                index += 1
            }
            return true
        }

        /// A double-quoted value needing no escape in canonical form, up to its closing quote
        /// (consumed); the range of the value.
        mutating func attributeValue() -> Range<Int>? {
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                let byte = bytes[index]
                if byte < 0x20 || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") { return nil }
                index += 1
            }
            guard index < bytes.count else { return nil }
            let value = start..<index
            index += 1
            guard String(validating: UnsafeBufferPointer(rebasing: bytes[value]), as: UTF8.self) != nil else { return nil }
            return value
        }

        private func isLetter(_ byte: UInt8) -> Bool {
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        }

        private func isDigit(_ byte: UInt8) -> Bool {
            byte >= 0x30 && byte <= 0x39
        }
    }
}
