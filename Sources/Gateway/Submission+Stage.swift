import Adapters
import CEBMessages
import Foundation
import Outbox
import SchemaValidation

/// What a submission keeps across its chunks: the outcomes, the new messages' identifying
/// fields (spilled to a file; their payloads are staged in the outbox), the per-buyer totals of
/// the batch.
final class SubmissionState {  // used from the converting thread only
    let detailed: Bool
    var outcomes: [Submission.DocumentOutcome] = []
    var counts: [Submission.Outcome: Int] = [:]
    /// The new messages' identifying fields, on disk until the transaction reads them back.
    let spill: SubmissionSpill
    var documentCount = 0
    var stagedPayloads: [String] = []
    var refused = false
    /// Each buyer's dutiable total in this batch so far, fen (the annual limit across batches).
    var buyerTotals: [String: Int64] = [:]

    init(detailed: Bool) throws {
        self.detailed = detailed
        spill = try SubmissionSpill()
    }

    func record(_ outcome: Submission.DocumentOutcome) {
        counts[outcome.outcome, default: 0] += 1
        if outcome.outcome == .refused { refused = true }
        if detailed || outcome.outcome != .enqueued { outcomes.append(outcome) }
    }

    /// Documents a concurrent submission stored first: already there, not enqueued by this one.
    func alreadyPresent(_ keys: Set<DocumentKey>) {
        guard !keys.isEmpty else { return }
        var moved = 0
        for index in outcomes.indices where outcomes[index].outcome == .enqueued && keys.contains(outcomes[index].key) {
            outcomes[index].outcome = .alreadyPresent
            moved += 1
        }
        if !detailed { moved = keys.count }
        counts[.enqueued, default: 0] -= moved
        counts[.alreadyPresent, default: 0] += moved
    }
}

extension Submission {
    /// One chunk: compares its documents with the outbox (already there, amended, refused),
    /// runs the checks against earlier batches, packs, serialises and validates the new ones,
    /// and stages their payloads — unless the batch is already refused or in error.
    func stage(_ documents: [ConvertedDocument], prepared: [DocumentPreparation.Prepared], log: IssueLog, state: SubmissionState) throws {
        let existing = try store.existing(documents.map { DocumentKey(type: $0.messageType, businessKey: $0.businessKey) })
        var fresh: [(ConvertedDocument, SubmissionDocument)] = []
        // A new document's message XML as its hash was computed from it: when messages carry
        // one document each, that is the message to send, not serialised a second time. Documents
        // changed below (a reused waybill number, an amendment) have none.
        var ready: [DocumentPreparation.Prepared?] = []
        for (index, var document) in documents.enumerated() {
            let key = DocumentKey(type: document.messageType, businessKey: document.businessKey)
            let hash = prepared[index].hash
            func outcome(_ outcome: Outcome, _ reason: String? = nil) {
                state.record(
                    DocumentOutcome(key: key, orderNo: document.orderNo, record: document.record, outcome: outcome, reason: reason))
            }
            guard let earlier = existing[key] else {
                fresh.append(
                    (
                        document,
                        SubmissionDocument(
                            key: key, orderNo: document.orderNo, guid: document.guid, contentHash: hash, record: document.record)
                    ))
                ready.append(prepared[index])
                outcome(.enqueued)
                continue
            }
            if document.messageType == .ceb511, earlier.orderNo != document.orderNo {
                // The carrier used this number before, for another order.
                let path =
                    document.record.hasPrefix("line ") ? "waybill.waybillNo" : "\(document.record.prefix { $0 != " " }).waybill.waybillNo"
                if now.timeIntervalSince(earlier.createdAt) < SubmissionDocument.waybillReuseAge {
                    log.report(
                        "waybill.number-reused", record: document.record, path: path,
                        "waybill \(document.businessKey) is already in the outbox for order \(earlier.orderNo), declared \(CEBTime.date(earlier.createdAt)); a carrier may not reuse a number within 180 days (-504012)"
                    )
                    outcome(.refused, "waybill number used within 180 days")
                } else {
                    // A new guid: the earlier waybill's message keeps its own (message guids are unique).
                    document.markAsReuse()
                    var submitted = SubmissionDocument(
                        key: key, orderNo: document.orderNo, guid: document.guid, contentHash: hash, record: document.record)
                    submitted.retiresExpired = true
                    fresh.append((document, submitted))
                    ready.append(nil)
                    outcome(.enqueued)
                }
                continue
            }
            if earlier.contentHash == hash {
                outcome(.alreadyPresent)
                continue
            }
            guard amend else {
                outcome(.refused, "already in the outbox with different content; resubmit with --amend to declare a modification")
                continue
            }
            guard let status = earlier.customsStatus, CustomsStatus.acceptedStatuses.contains(status) else {
                outcome(
                    .refused, "cannot amend: customs has not accepted the earlier declaration (status \(earlier.customsStatus ?? "none"))")
                continue
            }
            document.markAsModification(round: earlier.round + 1)
            fresh.append(
                (
                    document,
                    SubmissionDocument(
                        key: key, orderNo: document.orderNo, guid: document.guid, contentHash: hash, appType: "2", record: document.record)
                ))
            ready.append(nil)
            outcome(.amended)
        }
        guard !state.refused else { return }
        try checkAnnualLimit(&fresh, log: log, inBatch: &state.buyerTotals)
        // Each order's withheld tax goes with it, for the tax ledger's reconciliation; orders and
        // payments keep what customs' real-time fetch of payment data needs (announcement 179).
        for index in fresh.indices {
            if case .order(let order) = fresh[index].0.body { fresh[index].1.withheldTax = order.head.taxTotal }
            if let facts = fresh[index].0.platformFacts {
                fresh[index].1.platformFacts = facts.json
                fresh[index].1.paymentKey = facts.paymentKey
            }
        }
        let afterSale = AfterSaleCheck(store: store, log: log)
        for index in fresh.indices { try afterSale.check(fresh[index].0) }
        try stageMessages(fresh, ready: ready, log: log, state: state)
    }

    /// Packs the chunk's new documents by type, serialises and validates the messages, and
    /// stages their payloads in the outbox; the messages' identifying fields go to `state`.
    private func stageMessages(
        _ fresh: [(ConvertedDocument, SubmissionDocument)], ready: [DocumentPreparation.Prepared?], log: IssueLog, state: SubmissionState
    ) throws {
        var byType: [CEBMessageType: [Int]] = [:]
        var typeOrder: [CEBMessageType] = []
        for index in fresh.indices {
            let type = fresh[index].0.messageType
            if byType[type] == nil { typeOrder.append(type) }
            byType[type, default: []].append(index)
        }
        let messagePacker = MessagePacker(limit: pack, profile: profile)
        var packed: [(PackedMessage, [SubmissionDocument])] = []
        var serialisedMessages: [DocumentPreparation.Prepared?] = []
        for type in typeOrder {
            let entries = byType[type] ?? []
            var start = 0
            let size = type == .ceb711 ? 1 : max(1, min(pack, 100))
            while start < entries.count {
                let slice = entries[start..<min(start + size, entries.count)]
                packed.append((messagePacker.pack(slice.map { fresh[$0].0 }), slice.map { fresh[$0].1 }))
                serialisedMessages.append(slice.count == 1 ? slice.first.flatMap { ready[$0] } : nil)
                start += size
            }
        }
        let results = Self.serialiseAndValidate(packed.map(\.0), serialised: serialisedMessages, validator: validator)
        var payloads: [(hash: String, body: Data)] = []
        var messages: [SubmissionMessage] = []
        for ((message, submitted), result) in zip(packed, results) {
            for issue in result.issues {
                let records = message.documents.map(\.record)
                let path = SchemaFieldPath.path(
                    record: SchemaFieldPath.prefix(ofRecords: records), type: message.messageType, line: issue.line, message: issue.message)
                log.report("schema.invalid", record: records.joined(separator: ", "), path: path, issue.message)
            }
            let hash = SHA256.hex(result.xml)
            payloads.append((hash, result.xml))
            messages.append(
                SubmissionMessage(guid: message.message.guid, type: message.messageType, payloadHash: hash, documents: submitted))
        }
        guard !log.hasErrors else { return }
        state.stagedPayloads += try store.stagePayloads(payloads)
        try state.spill.append(messages)
        state.documentCount += messages.reduce(0) { $0 + $1.documents.count }
    }
}
