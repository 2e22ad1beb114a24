import Adapters
import Foundation
import Logging
import Outbox
import Transport

/// The folder transport's part of a dispatch round: the folder checked before claiming, and each
/// message written into it instead of POSTed.
extension Dispatcher {
    /// With the folder transport: whether the send folder cannot take messages now (missing, not
    /// writable, short of space) — then nothing is claimed, and the messages stay queued. Looked
    /// at once a second at most; temporary files of killed writers are removed on the way.
    func folderBlocked(now: Date) -> Bool {
        guard let folder = settings.folder else { return false }
        if now.timeIntervalSince(folderState.takenAt) >= 1 {
            let report = SendFolderProbe(settings: folder).check(now: now, staleAfter: settings.lease)
            if report.blocked != nil, folderState.latest?.blocked == nil {
                logger.warning("no message is written: \(report.problems.joined(separator: "; "))")
            }
            folderState.update(report, at: now)
        }
        return folderState.latest?.blocked != nil
    }

    /// Writes the message into the send folder; a folder that cannot take it now gives it back.
    func deliverToFolder(
        _ delivery: FolderDelivery, _ message: ClaimedMessage, xml: Data, transmission: String, started: Date, finish: (Attempted) -> Void
    ) {
        let contents =
            delivery.settings.format == .dxp
            ? DXPProfile().request(
                for: xml, type: message.type, transmissionID: transmission, senderID: settings.senderID, receiverID: settings.receiverID,
                now: started
            ).body : xml
        let outcome: SendOutcome
        switch delivery.deliver(type: message.type, guid: message.guid, payload: message.payload, contents: contents, syncFolder: false) {
        case .written: outcome = .accepted("written to the send folder")
        case .alreadyThere: outcome = .duplicate("already in the send folder (an attempt ended before it was recorded)")
        case .conflict(let reason), .failed(let reason): outcome = .transient(reason, retryAfter: nil)
        case .notNow(let reason):
            finish(Attempted(decision: SendDecision(outcome: .released, event: .released), released: reason))
            return
        }
        let decision = SendDecision.after(
            outcome, attempts: message.attempts, createdAt: message.createdAt, maxAttempts: settings.maxAttempts, maxAge: settings.maxAge,
            policy: policy, now: Date(), random: Double.random(in: 0...1))
        finish(Attempted(decision: decision, httpStatus: nil, sent: contents))
    }
}
