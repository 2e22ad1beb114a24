public import Foundation
public import Outbox

/// What one upload attempt's ending does to its request: a pure decision, tested without
/// sockets or databases; ``PlatformDataUploader`` performs it.
public enum PlatformUploadDecision {
    /// How an attempt ended.
    public enum Outcome: Sendable, Hashable {
        /// Customs answered with a code (10000 received; 20000 failed; 20001–21000 specific errors).
        case answered(code: String, message: String)
        /// No answer customs can have meant: the connection failed, an HTTP error, a body that
        /// is not customs' JSON.
        case transportFailed(String)
        /// The signer failed; permanent failures (a wrong key) will not heal by waiting.
        case signingFailed(String, permanent: Bool)
        /// The outbox lacks what the upload needs (no payment exchange, no seller).
        case incomplete(String)
        /// The outbox holds no such order.
        case unknownOrder
    }

    /// The record for an attempt that ended with `outcome`, being the request's `attempts`-th.
    public static func record(
        _ outcome: Outcome, attempts: Int, maxAttempts: Int, now: Date, guid: String? = nil, upload: String? = nil
    ) -> PlatformUploadRecord {
        func retry(code: String?, _ reason: String) -> PlatformUploadRecord {
            guard attempts < maxAttempts else {
                return PlatformUploadRecord(
                    state: .dead, nextAttemptAt: now, guid: guid, upload: upload, code: code,
                    error: "\(reason) — given up after \(attempts) attempts; `swgate platform-data retry` queues it again")
            }
            return PlatformUploadRecord(
                state: .pending, nextAttemptAt: now.addingTimeInterval(backoff(afterAttempt: attempts)), guid: guid, upload: upload,
                code: code, error: reason)
        }
        switch outcome {
        case .answered(let code, _) where code == "10000":
            return PlatformUploadRecord(state: .uploaded, nextAttemptAt: now, guid: guid, upload: upload, code: code)
        case .answered(let code, let message):
            return retry(
                code: code, "customs answered \(code)\(message.isEmpty ? "" : " \(message)")\(meaning(code).map { " (\($0))" } ?? "")")
        case .transportFailed(let reason):
            return retry(code: nil, reason)
        case .signingFailed(let reason, let permanent):
            guard !permanent else {
                return PlatformUploadRecord(state: .dead, nextAttemptAt: now, error: "cannot sign: \(reason); fix the signer, then retry")
            }
            return retry(code: nil, "cannot sign: \(reason)")
        case .incomplete(let reason):
            return PlatformUploadRecord(state: .dead, nextAttemptAt: now, error: reason)
        case .unknownOrder:
            return PlatformUploadRecord(
                state: .unknownOrder, nextAttemptAt: now,
                error: "the outbox holds no order with this number; if it was declared elsewhere, nothing here can answer for it")
        }
    }

    /// Seconds before the next attempt: 5 s, doubling, at most 10 minutes — customs wants the
    /// data soon, and a brief outage should not push it far away.
    public static func backoff(afterAttempt attempt: Int) -> TimeInterval {
        min(600, 5 * pow(2, Double(max(0, min(attempt - 1, 10)))))
    }

    /// What customs' known answer codes mean.
    public static func meaning(_ code: String) -> String? {
        switch code {
        case "10000": "received"
        case "20000": "failed"
        case "20004": "the signing certificate is not registered with customs: certNo must be the platform's own registered card"
        default: Int(code).map { (20001...21000).contains($0) } == true ? "refused by customs' checks" : nil
        }
    }
}
