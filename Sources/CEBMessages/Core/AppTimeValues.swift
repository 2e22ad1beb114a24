package import Foundation
import XMLSupport

/// A message's `appTime` values, found and replaced in its bytes: every send stamps a new one,
/// and nothing else in the message changes from one send to the next.
package enum AppTimeValues {
    /// Replaces every `appTime` value in `xml`.
    package static func apply(_ stamp: String, to xml: Data) -> Data {
        xml.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var output = Data(capacity: bytes.count + stamp.utf8.count)
            var position = 0
            for value in valueRanges(in: bytes) {
                output.append(UnsafeBufferPointer(rebasing: bytes[position..<value.lowerBound]))
                output.append(contentsOf: stamp.utf8)
                position = value.upperBound
            }
            output.append(UnsafeBufferPointer(rebasing: bytes[position...]))
            return output
        }
    }

    /// `xml` without its `appTime` elements (tags included): what stays the same from one send,
    /// or one submission, of a document to the next.
    package static func removingElements(from xml: String) -> [UInt8] {
        var xml = xml
        return xml.withUTF8 { bytes in removingElements(from: bytes) }
    }

    package static func removingElements(from xml: [UInt8]) -> [UInt8] {
        xml.withUnsafeBufferPointer { bytes in removingElements(from: bytes) }
    }

    private static func removingElements(from bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var kept: [UInt8] = []
        kept.reserveCapacity(bytes.count)
        var position = 0
        for value in valueRanges(in: bytes) {
            kept.append(contentsOf: bytes[position..<(value.lowerBound - open.count)])
            position = value.upperBound + close.count
        }
        kept.append(contentsOf: bytes[position...])
        return kept
    }

    private static let open = Array("<ceb:appTime>".utf8)
    private static let close = Array("</ceb:appTime>".utf8)

    /// Where the `appTime` values are: between an opening tag and the next closing tag. An
    /// opening tag without a closing one is left alone.
    package static func valueRanges(in bytes: [UInt8]) -> [Range<Int>] {
        bytes.withUnsafeBufferPointer { valueRanges(in: $0) }
    }

    package static func valueRanges(in bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var position = 0
        while let start = find(open, in: bytes, from: position), let end = find(close, in: bytes, from: start.upperBound) {
            ranges.append(start.upperBound..<end.lowerBound)
            position = end.upperBound
        }
        return ranges
    }

    /// Where `needle` next lies at or after `from`. Every document is scanned at each send and at
    /// submit: the search anchors on the needle's `T`, rare in XML, unlike its `<`.
    private static func find(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from: Int) -> Range<Int>? {
        needle.withUnsafeBufferPointer { haystack.offsets(of: $0, from: from, anchor: $0.firstIndex(of: UInt8(ascii: "T")) ?? 0) }
    }
}
