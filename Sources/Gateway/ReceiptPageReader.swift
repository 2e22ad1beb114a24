import Foundation

/// Reads a polled page, `{"receipts": [{"id": …, "xml": "<Base64>"}, …]}`, straight from its
/// bytes: every receipt a worker takes in by polling passes through here, and a page is a few
/// hundred kilobytes of Base64 that the general decoder copies and checks through several layers.
///
/// Any JSON is accepted around what is read: members in any order, members and values of other
/// kinds skipped, whitespace anywhere, escapes in strings. An item whose `id` is not a whole
/// number or whose `xml` is not a string keeps nil there (the poller skips it, as it would a
/// page's item of another type); a body that is not JSON, or not an object with a `receipts`
/// array of objects, is no page (nil).
struct ReceiptPageReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    /// Nesting deeper than this inside a skipped value is refused rather than followed.
    static let maxDepth = 64

    static func items(_ body: Data) -> [ReceiptPoller.Page.Item]? {
        body.withUnsafeBytes { raw in
            var reader = ReceiptPageReader(bytes: raw.bindMemory(to: UInt8.self))
            guard let items = reader.page() else { return nil }
            reader.skipSpace()
            return reader.index == reader.bytes.count ? items : nil
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    private mutating func page() -> [ReceiptPoller.Page.Item]? {
        var items: [ReceiptPoller.Page.Item]?
        let isObject = members { reader, key in
            if key == "receipts" {
                guard let list = reader.itemList() else { return false }
                items = list
                return true
            }
            return reader.skipValue(depth: 1)
        }
        return isObject ? items : nil
    }

    private mutating func itemList() -> [ReceiptPoller.Page.Item]? {
        skipSpace()
        guard take(UInt8(ascii: "[")) else { return nil }
        var items: [ReceiptPoller.Page.Item] = []
        skipSpace()
        if take(UInt8(ascii: "]")) { return items }
        repeat {
            var item = ReceiptPoller.Page.Item(id: nil, xml: nil)
            let isObject = members { reader, key in
                switch key {
                case "id": item.id = reader.wholeNumber()
                case "xml" where reader.peekString():
                    // A string that is not well formed makes the page malformed, not the item empty.
                    guard let text = reader.string() else { return false }
                    item.xml = text
                default: break
                }
                // A member of another kind than wanted is skipped like any other value.
                return reader.index > reader.valueStart || reader.skipValue(depth: 2)
            }
            guard isObject else { return nil }
            items.append(item)
            skipSpace()
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]")) ? items : nil
    }

    /// Where the value being read began (set by ``members(_:)`` before each value).
    private var valueStart = 0

    /// Reads an object, calling `member` with each key once the reader stands before its value;
    /// `member` reads or skips the value and answers whether it was well formed.
    private mutating func members(_ member: (inout ReceiptPageReader, String) -> Bool) -> Bool {
        skipSpace()
        guard take(UInt8(ascii: "{")) else { return false }
        skipSpace()
        if take(UInt8(ascii: "}")) { return true }
        repeat {
            skipSpace()
            guard peekString(), let key = string() else { return false }
            skipSpace()
            guard take(UInt8(ascii: ":")) else { return false }
            skipSpace()
            valueStart = index
            guard member(&self, key) else { return false }
            skipSpace()
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}"))
    }

    /// A whole number that fits an `Int`; nil (reading nothing) for any other value.
    private mutating func wholeNumber() -> Int? {
        var end = index
        if end < bytes.count, bytes[end] == UInt8(ascii: "-") { end += 1 }
        let digits = end
        while end < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end]) { end += 1 }
        guard end > digits, end - digits <= 18 else { return nil }
        // A fraction or exponent makes it another kind of number: skipped as a value.
        if end < bytes.count {
            switch bytes[end] {
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): return nil
            default: break
            }
        }
        let value = Int(String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self))
        index = end
        return value
    }

    private func peekString() -> Bool {
        index < bytes.count && bytes[index] == UInt8(ascii: "\"")
    }

    /// A string value, its escapes decoded; nil when it is malformed. A receipt's Base64 is a
    /// few kilobytes: `memchr` finds its closing quote, and the bytes before are checked once.
    private mutating func string() -> String? {
        guard take(UInt8(ascii: "\"")), let base = bytes.baseAddress else { return nil }
        let start = index
        guard let quote = memchr(base + start, Int32(UInt8(ascii: "\"")), bytes.count - start) else { return nil }
        let end = base.distance(to: quote.assumingMemoryBound(to: UInt8.self))
        let content = UnsafeBufferPointer(rebasing: bytes[start..<end])
        if content.contains(where: { $0 == UInt8(ascii: "\\") || $0 < 0x20 }) {
            // Escapes (or a control character, which makes it no string): the slow way.
            return escapedOrInvalid(from: start)
        }
        index = end + 1
        return String(validating: content, as: UTF8.self)
    }

    /// A string with escapes from `start` (just after its opening quote), or nil when a control
    /// character or a bad escape makes it malformed.
    private mutating func escapedOrInvalid(from start: Int) -> String? {
        index = start
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                return nil
            case UInt8(ascii: "\\"):
                return escapedString(from: start)
            case 0..<0x20:
                return nil
            default:
                index += 1
            }
        }
        return nil
    }

    /// The rest of a string with escapes, decoded by the general decoder (Base64 has none, but
    /// a JSON writer may escape its `/`).
    private mutating func escapedString(from start: Int) -> String? {
        var end = index
        while end < bytes.count, bytes[end] != UInt8(ascii: "\"") { end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1 }
        guard end < bytes.count else { return nil }
        let literal = Data(UnsafeBufferPointer(rebasing: bytes[(start - 1)...end]))
        index = end + 1
        return (try? JSONSerialization.jsonObject(with: literal, options: .fragmentsAllowed)) as? String
    }

    /// Skips one value of any kind; false when it is malformed or nested too deep.
    private mutating func skipValue(depth: Int) -> Bool {
        guard depth <= Self.maxDepth, index < bytes.count else { return false }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            return string() != nil
        case UInt8(ascii: "{"):
            return members { reader, _ in reader.skipValue(depth: depth + 1) }
        case UInt8(ascii: "["):
            index += 1
            skipSpace()
            if take(UInt8(ascii: "]")) { return true }
            repeat {
                skipSpace()
                guard skipValue(depth: depth + 1) else { return false }
                skipSpace()
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "]"))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            // A number: the run of characters that can make one, read as one.
            let start = index
            while index < bytes.count, Self.numberBytes.contains(bytes[index]) { index += 1 }
            return Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)) != nil
        default:
            for literal in Self.literals where bytes.count - index >= literal.count {
                if UnsafeBufferPointer(rebasing: bytes[index..<(index + literal.count)]).elementsEqual(literal) {
                    index += literal.count
                    return true
                }
            }
            return false
        }
    }

    private static let numberBytes = Set(Array("0123456789+-.eE".utf8))
    private static let literals = [Array("true".utf8), Array("false".utf8), Array("null".utf8)]

    private mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }
}
