import CEBMessages
import Foundation
import HTTPClient
import Logging
import Outbox
import Transport

/// A send's outcome, read on the thread that records the round.
///
/// The sending threads take turns on the cores with signing, the endpoint and each other, so a
/// reply read where it arrived is read with a cold cache: the parser's state and the document it
/// builds are out of the cache again by the next send of the same thread. The recording thread
/// reads the replies of many sends in a row, with what it needs for them still at hand.
extension Dispatcher {
    /// A send as its thread leaves it: what went on the wire, and the answer still to be read.
    struct Sent: Sendable {
        var message: ClaimedMessage
        var started: Date
        var stamp: String?
        var transmission: String?
        /// Nil when the send never came to an end (it always does).
        var attempted: Attempted?

        /// A claimed message whose send did not start before its lease would run out.
        init(unstarted message: ClaimedMessage) {
            self.init(
                message: message, started: Date(), stamp: nil, transmission: nil,
                attempted: Attempted(decision: SendDecision(outcome: .released, event: .released), released: Self.lateStart))
        }

        init(message: ClaimedMessage, started: Date, stamp: String?, transmission: String?, attempted: Attempted?) {
            self.message = message
            self.started = started
            self.stamp = stamp
            self.transmission = transmission
            self.attempted = attempted
        }

        static let lateStart = "not started before its lease would run out"
    }

    /// One attempt as it ended: decided where it ended (it never reached the endpoint), or the
    /// endpoint's answer, with the bytes that went.
    struct Attempted: Sendable {
        enum Verdict: Sendable {
            case decided(SendDecision)
            case answered(Result<HTTPResponse, TransportError>)
        }

        var verdict: Verdict
        var httpStatus: Int?
        var sent: Data?
        /// Not attempted after all: given back to the queue unsent, for this reason.
        var released: String?
        var finishedAt = Date()

        init(decision: SendDecision, httpStatus: Int? = nil, sent: Data? = nil, released: String? = nil) {
            verdict = .decided(decision)
            self.httpStatus = httpStatus
            self.sent = sent
            self.released = released
        }

        init(answer: Result<HTTPResponse, TransportError>, sent: Data) {
            verdict = .answered(answer)
            httpStatus = try? answer.get().status
            self.sent = sent
        }
    }

    /// The outcome to record for `sent`: the reply read, the breaker told, the decision made.
    func complete(_ sent: Sent) -> SQLOutbox.Completion {
        let message = sent.message
        guard let attempted = sent.attempted else {
            return SQLOutbox.Completion(
                message: message,
                attempt: AttemptReport(
                    startedAt: sent.started, finishedAt: Date(), endpoint: endpoint, transmissionID: sent.transmission,
                    httpStatus: nil, outcome: .released, error: nil, sentSHA256: nil, appTime: nil),
                event: .released, nextAttemptAt: nil
            )
        }
        if let reason = attempted.released { return release(message, reason: reason) }
        let decision = decide(attempted.verdict, message)
        var report = AttemptReport(
            startedAt: sent.started, finishedAt: attempted.finishedAt, endpoint: endpoint, transmissionID: sent.transmission,
            httpStatus: attempted.httpStatus,
            outcome: decision.outcome, error: decision.reason, sentSHA256: attempted.sent.map { SHA256.hex($0) }, appTime: sent.stamp
        )
        // What went on the wire, kept with the attempt: after a dispute, the signed bytes customs saw.
        report.sentBody = attempted.sent
        metrics.record(outcome: decision.outcome.rawValue, seconds: report.finishedAt.timeIntervalSince(sent.started))
        log(message, report: report, event: decision.event)
        return SQLOutbox.Completion(message: message, attempt: report, event: decision.event, nextAttemptAt: decision.nextAttemptAt)
    }

    private func decide(_ verdict: Attempted.Verdict, _ message: ClaimedMessage) -> SendDecision {
        let outcome: SendOutcome
        switch verdict {
        case .decided(let decision):
            return decision
        case .answered(.success(let response)):
            outcome = settings.wire.classify(response)
        case .answered(.failure(let error)):
            switch error.kind {
            case .connection: outcome = .transient(error.message, retryAfter: nil)
            case .unclear: outcome = .unclear(error.message)
            case .configuration: outcome = .permanent(error.message)
            }
        }
        // The breaker counts the endpoint's failures; an answer, even a refusal, is a working endpoint.
        switch outcome {
        case .accepted, .duplicate, .permanent: governor.recordSuccess()
        case .transient, .unclear: governor.recordFailure()
        }
        return SendDecision.after(
            outcome, attempts: message.attempts, createdAt: message.createdAt, maxAttempts: settings.maxAttempts, maxAge: settings.maxAge,
            policy: policy, now: Date(), random: Double.random(in: 0...1)
        )
    }

    private func log(_ message: ClaimedMessage, report: AttemptReport, event: MessageEvent) {
        let level: Logger.Level
        switch event {
        case .delivered, .released: level = .debug
        case .transientFailure, .leaseExpired: level = .warning
        case .permanentFailure, .exhausted: level = .error
        case .accepted, .rejected, .claim, .operatorRetry, .operatorCancel: level = .info
        }
        logger.log(
            level: level, "send \(report.outcome.rawValue)\(report.error.map { ": " + LogMasking.text($0) } ?? "")",
            metadata: [
                "message_id": "\(message.id)", "message_guid": "\(message.guid)", "type": "\(message.type.rawValue)",
                "attempt": "\(message.attempts)", "transmission": "\(report.transmissionID ?? "-")",
                "http_status": "\(report.httpStatus.map(String.init) ?? "-")",
            ])
    }
}
