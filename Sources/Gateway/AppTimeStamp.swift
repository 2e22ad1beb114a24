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
        let open = Array("<ceb:appTime>".utf8)
        let close = Array("</ceb:appTime>".utf8)
        let bytes = [UInt8](xml)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == open[0], index + open.count <= bytes.count, Array(bytes[index..<index + open.count]) == open {
                output.append(contentsOf: open)
                index += open.count
                var end = index
                while end + close.count <= bytes.count, Array(bytes[end..<end + close.count]) != close { end += 1 }
                output.append(contentsOf: Array(stamp.utf8))
                index = end
                continue
            }
            output.append(bytes[index])
            index += 1
        }
        return Data(output)
    }
}
