import Foundation

/// One linear pass over a document's bytes that enforces the structural bounds of
/// ``XMLParseLimits`` before any parser runs: attributes per element, namespace declarations,
/// nesting depth and the length of one run of text.
///
/// It is not a parser and does not decide well-formedness (libxml2 does that next); it only
/// counts, conservatively, what a parser would have to hold. Markup it cannot make sense of is
/// left for libxml2 to refuse. Only ASCII-compatible input reaches it: ``PrologScanner`` refuses
/// UTF-16 and UTF-32 first, so `<`, `>`, quotes and `=` are the bytes they look like.
struct StructureScanner: PreParseCheck {
    let bytes: UnsafeBufferPointer<UInt8>
    let limits: XMLParseLimits

    func check() throws(XMLParseError) {
        let count = bytes.count
        var index = 0
        var depth = 0
        var namespaces = 0
        var textStart = 0
        while index < count {
            // Character data up to the next markup.
            guard let open = bytes.index(of: UInt8(ascii: "<"), from: index) else {
                try checkText(from: textStart, to: count)
                return
            }
            try checkText(from: textStart, to: open)
            index = open + 1
            guard index < count else { return }
            switch bytes[index] {
            case UInt8(ascii: "/"):
                depth -= 1
                index = (bytes.index(of: UInt8(ascii: ">"), from: index) ?? count) + 1
                textStart = index
            case UInt8(ascii: "?"):
                index = bytes.index(past: "?>", from: index + 1)
                textStart = index
            case UInt8(ascii: "!"):
                if bytes.matches("![CDATA[", at: index) {
                    // CDATA is text: it counts toward the run it stands in.
                    index = bytes.index(past: "]]>", from: index + 8)
                } else if bytes.matches("!--", at: index) {
                    index = bytes.index(past: "-->", from: index + 3)
                    textStart = index
                } else {
                    index = (bytes.index(of: UInt8(ascii: ">"), from: index) ?? count) + 1
                    textStart = index
                }
            default:
                let tag = try startTag(from: index, line: open)
                namespaces += tag.namespaces
                if namespaces > limits.maxNamespaceDeclarations {
                    throw refusal("more than \(limits.maxNamespaceDeclarations) namespace declarations", at: open)
                }
                // An empty element (`<a/>`) stands one level down as much as `<a>` does.
                if depth + 1 > limits.maxDepth { throw refusal("elements nested deeper than \(limits.maxDepth) levels", at: open) }
                if !tag.selfClosing { depth += 1 }
                index = tag.end
                textStart = index
            }
        }
    }

    /// Walks a start tag from just after its `<`: counts its attributes (one quoted value each)
    /// and namespace declarations, and finds its end.
    private func startTag(from start: Int, line open: Int) throws(XMLParseError) -> (end: Int, namespaces: Int, selfClosing: Bool) {
        var index = start
        var attributes = 0
        var namespaces = 0
        var nameStart = -1
        var previous: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: ">"):
                return (index + 1, namespaces, previous == UInt8(ascii: "/"))
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                attributes += 1
                if attributes > limits.maxAttributesPerElement {
                    throw refusal("an element with more than \(limits.maxAttributesPerElement) attributes", at: open)
                }
                if nameStart >= 0, bytes.matches("xmlns", at: nameStart) { namespaces += 1 }
                nameStart = -1
                index = (bytes.index(of: byte, from: index + 1) ?? bytes.count) + 1
                previous = byte
                continue
            case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "="):
                break
            default:
                // The first byte of a name after white space starts an attribute name.
                if previous == 0x20 || previous == 0x09 || previous == 0x0A || previous == 0x0D { nameStart = index }
            }
            previous = byte
            index += 1
        }
        return (bytes.count, namespaces, false)
    }

    private func checkText(from start: Int, to end: Int) throws(XMLParseError) {
        if end - start > limits.maxTextBytes {
            throw refusal("a run of text longer than \(limits.maxTextBytes) bytes", at: start)
        }
    }

    private func refusal(_ what: String, at index: Int) -> XMLParseError {
        XMLParseError(reason: .overLimit, line: bytes.line(at: index), message: "refused before parsing: \(what)")
    }

}
