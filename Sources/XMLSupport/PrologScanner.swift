/// Reads the prolog of a document — byte-order mark, XML declaration, comments, processing
/// instructions — up to the root element, and refuses what swgate never accepts there.
struct PrologScanner: PreParseCheck {
    let bytes: UnsafeBufferPointer<UInt8>

    func check() throws(XMLParseError) {
        var index = 0
        let count = bytes.count
        if count == 0 || bytes.allSatisfy(isSpace) {
            throw XMLParseError(reason: .empty, message: "the document is empty")
        }
        if count >= 2, (bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE) || bytes[0] == 0 || bytes[1] == 0 {
            throw XMLParseError(
                reason: .malformed, line: 1, message: "only UTF-8 documents are accepted (this one looks like UTF-16 or UTF-32)")
        }
        if count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        while index < count {
            let byte = bytes[index]
            if isSpace(byte) {
                index += 1
                continue
            }
            guard byte == UInt8(ascii: "<") else { return }
            if bytes.matches("<?", at: index) {
                index = bytes.index(past: "?>", from: index + 2)
            } else if bytes.matches("<!--", at: index) {
                index = bytes.index(past: "-->", from: index + 4)
            } else if bytes.matches("<!DOCTYPE", at: index) || bytes.matches("<!doctype", at: index) {
                throw XMLParseError(
                    reason: .doctypeNotAllowed,
                    line: bytes.line(at: index),
                    message: "document type declarations (DOCTYPE) are not allowed"
                )
            } else {
                return
            }
        }
    }

    /// The offset of the root element's `<`, or `nil` when the prolog is not plain.
    func rootStart() -> Int? {
        var index = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        while index < bytes.count {
            let byte = bytes[index]
            if isSpace(byte) {
                index += 1
                continue
            }
            guard byte == UInt8(ascii: "<") else { return nil }
            if bytes.matches("<?", at: index) {
                index = bytes.index(past: "?>", from: index + 2)
            } else if bytes.matches("<!--", at: index) {
                index = bytes.index(past: "-->", from: index + 4)
            } else if bytes.matches("<!", at: index) {
                return nil
            } else {
                return index
            }
        }
        return nil
    }

    private func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

}
