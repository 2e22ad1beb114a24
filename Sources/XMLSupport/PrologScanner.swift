/// Reads the prolog of a document — byte-order mark, XML declaration, comments, processing
/// instructions — up to the root element, and refuses what swgate never accepts there.
struct PrologScanner {
    let bytes: UnsafeBufferPointer<UInt8>

    /// The reason to refuse the document, or `nil` when its prolog is acceptable.
    func problem() -> XMLParseError? {
        do {
            try check()
            return nil
        } catch {
            return error
        }
    }

    func check() throws(XMLParseError) {
        var index = 0
        let count = bytes.count
        if count == 0 || bytes.allSatisfy(isSpace) {
            throw XMLParseError(reason: .empty, message: "the document is empty")
        }
        if count >= 2, (bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE) || bytes[0] == 0 || bytes[1] == 0 {
            throw XMLParseError(reason: .malformed, line: 1, message: "only UTF-8 documents are accepted (this one looks like UTF-16 or UTF-32)")
        }
        if count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        while index < count {
            let byte = bytes[index]
            if isSpace(byte) {
                index += 1
                continue
            }
            guard byte == UInt8(ascii: "<") else { return }
            if matches("<?", at: index) {
                index = skip(past: "?>", from: index + 2)
            } else if matches("<!--", at: index) {
                index = skip(past: "-->", from: index + 4)
            } else if matches("<!DOCTYPE", at: index) || matches("<!doctype", at: index) {
                throw XMLParseError(
                    reason: .doctypeNotAllowed,
                    line: line(at: index),
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
            if matches("<?", at: index) {
                index = skip(past: "?>", from: index + 2)
            } else if matches("<!--", at: index) {
                index = skip(past: "-->", from: index + 4)
            } else if matches("<!", at: index) {
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

    private func matches(_ literal: StaticString, at index: Int) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard index + length <= bytes.count else { return false }
        let start = literal.utf8Start
        for offset in 0..<length where bytes[index + offset] != start[offset] {
            return false
        }
        return true
    }

    private func skip(past terminator: StaticString, from start: Int) -> Int {
        var index = start
        while index < bytes.count {
            if matches(terminator, at: index) { return index + terminator.utf8CodeUnitCount }
            index += 1
        }
        return bytes.count
    }

    private func line(at index: Int) -> Int {
        var line = 1
        for position in 0..<index where bytes[position] == 0x0A { line += 1 }
        return line
    }
}
