import CEBMessages
import Foundation

/// Stamps `appTime` at dispatch: now in China time, and always later than the last send of the
/// same message — customs ignores a resend whose appTime is not newer (-301014, -621055). The
/// stamp goes into the message's bytes with ``AppTimeValues/apply(_:to:)``.
enum AppTimeStamp {
    static func next(now: Date, last: String?) -> String {
        var candidate = now
        if let last, let previous = CEBTime.parse(last), previous >= now.addingTimeInterval(-0.999) {
            candidate = previous.addingTimeInterval(1)
        }
        return CEBTime.appTime(candidate)
    }
}
