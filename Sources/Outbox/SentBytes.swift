import CEBMessages
import Foundation

/// The bytes an attempt sent, as the outbox keeps them.
///
/// A message goes out as it was enqueued but for the `appTime` the send stamps in it, unless it
/// is signed (or otherwise changed) on its way: such an attempt's bytes are the stored payload
/// with the attempt's `appTime` put back, and are rebuilt from the two — and checked against
/// the hash the attempt recorded — rather than kept a second time under the attempt, a page of
/// the log for every send. Any other bytes (signed ones) are kept under the attempt.
enum SentBytes {
    /// Whether `body` is `payload` with `appTime` stamped in, so that nothing need be kept.
    static func rebuilds(_ body: Data, from payload: Data, appTime: String?) -> Bool {
        guard let appTime else { return false }
        return AppTimeValues.apply(appTime, to: payload) == body
    }

    /// What an attempt sent: the bytes kept for it (under the attempt, or among the payloads by
    /// its hash in outboxes from before), else the payload with its `appTime` — when that is what
    /// the hash it recorded says it sent; nil when neither is known.
    static func sent(kept: Data?, payload: Data, appTime: String?, sha256: String?) -> Data? {
        if let kept { return kept }
        guard let appTime, let sha256 else { return nil }
        let rebuilt = AppTimeValues.apply(appTime, to: payload)
        return SHA256.hex(rebuilt) == sha256 ? rebuilt : nil
    }
}
