import CEBMessages
import Foundation

/// Stamps `appTime` at dispatch: now in China time, and always later than the last send of the
/// same message — customs ignores a resend whose appTime is not newer (-301014, -621055).
enum AppTimeStamp {
    static func next(now: Date, last: String?) -> String {
        var candidate = now
        if let last, let previous = CEBTime.parse(last), previous >= now.addingTimeInterval(-0.999) {
            candidate = previous.addingTimeInterval(1)
        }
        return CEBTime.appTime(candidate)
    }

    /// Replaces every `appTime` value in `xml`.
    static func apply(_ stamp: String, to xml: Data) -> Data {
        let bytes = [UInt8](xml)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + stamp.utf8.count)
        var position = 0
        for value in valueRanges(in: bytes) {
            output.append(contentsOf: bytes[position..<value.lowerBound])
            output.append(contentsOf: stamp.utf8)
            position = value.upperBound
        }
        output.append(contentsOf: bytes[position...])
        return Data(output)
    }

    /// `xml` without its `appTime` elements (tags included): what stays the same from one send,
    /// or one submission, of a document to the next.
    static func removingElements(from xml: String) -> [UInt8] {
        let bytes = Array(xml.utf8)
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
    static func valueRanges(in bytes: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var position = 0
        while let start = find(open, in: bytes, from: position), let end = find(close, in: bytes, from: start + open.count) {
            ranges.append((start + open.count)..<end)
            position = end + close.count
        }
        return ranges
    }

    /// The first offset of `needle` in `haystack` at or after `from`.
    private static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var index = from
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first {
                var matched = 1
                while matched < needle.count, haystack[index + matched] == needle[matched] { matched += 1 }
                if matched == needle.count { return index }
            }
            index += 1
        }
        return nil
    }
}
