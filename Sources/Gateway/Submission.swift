public import Adapters
import CEBMessages
public import Foundation
public import Outbox
public import SchemaValidation

/// `swgate submit`: convert + preflight + validate + enqueue, in one transaction — all or nothing.
///
/// Idempotent: a document already in the outbox with the same content is reported as already
/// there and not enqueued again; one with different content is refused unless the caller amends,
/// which enqueues a modification (appType 2) of an accepted declaration.
public struct Submission {
    public enum Outcome: String, Sendable, Hashable {
        case enqueued
        case alreadyPresent
        case amended
        case refused
    }

    public struct DocumentOutcome: Sendable, Hashable {
        public var key: DocumentKey
        public var orderNo: String
        public var record: String
        public var outcome: Outcome
        public var reason: String?
    }

    public struct Report: Sendable {
        public var issues: [PreflightIssue]
        public var documents: [DocumentOutcome]
        public var result: SubmissionResult?
        /// True when nothing was enqueued because of errors.
        public var failed: Bool
    }

    public let profile: EnterpriseProfile
    public let validator: SchemaValidator
    public let store: SQLOutbox
    public var pack: Int = 1
    public var amend: Bool = false
    public var now: Date = Date()

    public init(profile: EnterpriseProfile, validator: SchemaValidator, store: SQLOutbox) {
        self.profile = profile
        self.validator = validator
        self.store = store
    }

    public func run(_ batch: URL, progress: ((SubmissionProgress) -> Void)? = nil) throws -> Report {
        let log = IssueLog(file: batch.lastPathComponent, rules: profile.rules)
        let reader = BatchReader(url: batch, log: log)
        let records = progress == nil ? nil : reader.recordCount()
        progress?(SubmissionProgress(phase: .read, done: records ?? 0, total: records, unit: "records"))
        var documents: [ConvertedDocument] = []
        // Serialising, hashing and (with one document a message) validating run on the other
        // cores while the converter works through the batch.
        let preparation = DocumentPreparation(profile: profile, validator: pack == 1 ? validator : nil)
        var recordsDone = 0
        var lastRecord = ""
        try BatchConverter(profile: profile, now: now).convert(reader, log: log) { document in
            documents.append(document)
            preparation.add(document)
            if document.record != lastRecord {
                lastRecord = document.record
                recordsDone += 1
                if recordsDone % 250 == 0 {
                    progress?(SubmissionProgress(phase: .convert, done: recordsDone, total: records, unit: "records"))
                }
            }
        }
        progress?(SubmissionProgress(phase: .check, done: 0, total: documents.count, unit: "documents"))
        let serialised = preparation.finish()
        if log.hasErrors { return Report(issues: log.issues, documents: [], result: nil, failed: true) }

        // What the outbox already holds.
        let existing = try store.existing(documents.map { DocumentKey(type: $0.messageType, businessKey: $0.businessKey) })
        var outcomes: [DocumentOutcome] = []
        var fresh: [(ConvertedDocument, SubmissionDocument)] = []
        // A new document's message XML as its hash was computed from it: when messages carry
        // one document each, that is the message to send, not serialised a second time. Documents
        // changed below (a reused waybill number, an amendment) have none.
        var ready: [DocumentPreparation.Prepared?] = []
        var refused = false
        for (index, var document) in documents.enumerated() {
            let key = DocumentKey(type: document.messageType, businessKey: document.businessKey)
            let hash = serialised[index].hash
            guard let earlier = existing[key] else {
                fresh.append(
                    (
                        document,
                        SubmissionDocument(
                            key: key, orderNo: document.orderNo, guid: document.guid, contentHash: hash, record: document.record)
                    ))
                ready.append(serialised[index])
                outcomes.append(DocumentOutcome(key: key, orderNo: document.orderNo, record: document.record, outcome: .enqueued))
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
                    refused = true
                    outcomes.append(
                        DocumentOutcome(
                            key: key, orderNo: document.orderNo, record: document.record, outcome: .refused,
                            reason: "waybill number used within 180 days"))
                } else {
                    // A new guid: the earlier waybill's message keeps its own (message guids are unique).
                    document.markAsReuse()
                    var submitted = SubmissionDocument(
                        key: key, orderNo: document.orderNo, guid: document.guid, contentHash: hash, record: document.record)
                    submitted.retiresExpired = true
                    fresh.append((document, submitted))
                    ready.append(nil)
                    outcomes.append(DocumentOutcome(key: key, orderNo: document.orderNo, record: document.record, outcome: .enqueued))
                }
                continue
            }
            if earlier.contentHash == hash {
                outcomes.append(DocumentOutcome(key: key, orderNo: document.orderNo, record: document.record, outcome: .alreadyPresent))
                continue
            }
            guard amend else {
                refused = true
                outcomes.append(
                    DocumentOutcome(
                        key: key, orderNo: document.orderNo, record: document.record, outcome: .refused,
                        reason: "already in the outbox with different content; resubmit with --amend to declare a modification"
                    ))
                continue
            }
            guard let status = earlier.customsStatus, CustomsStatus.acceptedStatuses.contains(status) else {
                refused = true
                outcomes.append(
                    DocumentOutcome(
                        key: key, orderNo: document.orderNo, record: document.record, outcome: .refused,
                        reason: "cannot amend: customs has not accepted the earlier declaration (status \(earlier.customsStatus ?? "none"))"
                    ))
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
            outcomes.append(DocumentOutcome(key: key, orderNo: document.orderNo, record: document.record, outcome: .amended))
        }
        if refused { return Report(issues: log.issues, documents: outcomes, result: nil, failed: true) }
        try checkAnnualLimit(&fresh, log: log)
        // Each order's withheld tax goes with it, for the tax ledger's reconciliation.
        for index in fresh.indices {
            if case .order(let order) = fresh[index].0.body { fresh[index].1.withheldTax = order.head.taxTotal }
        }
        let afterSale = AfterSaleCheck(store: store, log: log)
        for entry in fresh { try afterSale.check(entry.0) }

        // Pack, serialise and validate the new documents, then enqueue them in one transaction.
        var messages: [SubmissionMessage] = []
        var byType: [CEBMessageType: [Int]] = [:]
        var typeOrder: [CEBMessageType] = []
        for (index, entry) in fresh.enumerated() {
            if byType[entry.0.messageType] == nil { typeOrder.append(entry.0.messageType) }
            byType[entry.0.messageType, default: []].append(index)
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
        for ((message, submitted), result) in zip(packed, results) {
            for issue in result.issues {
                let records = message.documents.map(\.record)
                let path = SchemaFieldPath.path(
                    record: SchemaFieldPath.prefix(ofRecords: records), type: message.messageType, line: issue.line, message: issue.message)
                log.report("schema.invalid", record: records.joined(separator: ", "), path: path, issue.message)
            }
            messages.append(SubmissionMessage(guid: message.message.guid, type: message.messageType, xml: result.xml, documents: submitted))
        }
        if log.hasErrors { return Report(issues: log.issues, documents: outcomes, result: nil, failed: true) }
        let storing = messages.reduce(0) { $0 + $1.documents.count }
        progress?(SubmissionProgress(phase: .store, done: 0, total: storing, unit: "documents"))
        let result = try store.submit(file: batch.path, messages: messages, now: now)
        progress?(SubmissionProgress(phase: .store, done: storing, total: storing, unit: "documents"))
        // A concurrent submission of the same batch may have stored some of it first.
        for index in outcomes.indices where result.alreadyPresentDocuments.contains(outcomes[index].key) {
            outcomes[index].outcome = .alreadyPresent
        }
        return Report(issues: log.issues, documents: outcomes, result: result, failed: false)
    }

    /// The annual limit across batches: each new inventory's purchase is recorded with it, and a
    /// buyer whose earlier batches (as the outbox holds them) and this one together pass the limit
    /// is warned about — unless this batch alone does, which the converter has already said.
    func checkAnnualLimit(_ fresh: inout [(ConvertedDocument, SubmissionDocument)], log: IssueLog) throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt
        let year = calendar.component(.year, from: now)
        var buyers: [Int: (id: String, purchase: Purchase)] = [:]
        for (index, entry) in fresh.enumerated() {
            guard case .inventory(let inventory) = entry.0.body else { continue }
            // The dutiable value, as the converter counts it: goods + freight + insurance.
            let amount = inventory.lines.reduce(inventory.head.freight + inventory.head.insuredFee) { $0 + $1.totalPrice }
            let fen = NSDecimalNumber(decimal: Money.round(amount) * 100).int64Value
            let id = inventory.head.buyerIdNumber
            let purchase = Purchase(buyer: SHA256.hex(Data(id.uppercased().utf8)), year: year, fen: fen)
            buyers[index] = (id, purchase)
            fresh[index].1.purchase = purchase
        }
        guard !buyers.isEmpty else { return }
        let earlier = try store.purchases(buyers: Set(buyers.values.map(\.purchase.buyer)), year: year)
        let limit = NSDecimalNumber(decimal: Money.round(profile.annualLimit) * 100).int64Value
        var inBatch: [String: Int64] = [:]
        for index in buyers.keys.sorted() {
            guard let (id, purchase) = buyers[index], let before = earlier[purchase.buyer], before > 0 else { continue }
            let batchTotal = (inBatch[purchase.buyer] ?? 0) + purchase.fen
            inBatch[purchase.buyer] = batchTotal
            guard before + batchTotal > limit, batchTotal <= limit else { continue }
            log.report(
                "limit.annual", record: fresh[index].0.record, path: Self.recordPath(fresh[index].0.record, "order.buyer.idNumber"),
                "buyer \(ResidentID.masked(id)) reaches \(Money.text(Decimal(before + batchTotal) / 100)) CNY this year with \(Money.text(Decimal(before) / 100)) CNY from earlier batches in this outbox, over the annual limit of \(Money.text(profile.annualLimit)) CNY: customs rejects it (-621018)"
            )
        }
    }

    /// The JSON path of `field` in the record a label names (`parcels[3] (order …)` → `parcels[3].field`;
    /// a JSON Lines record is its own root).
    static func recordPath(_ label: String, _ field: String) -> String {
        guard label.hasPrefix("parcels["), let close = label.firstIndex(of: "]") else { return field }
        return String(label[...close]) + "." + field
    }

    /// SHA-256 of a document's message without its volatile `appTime` elements.
    static func contentHash(_ xml: String) -> String {
        SHA256.hex(Data(AppTimeStamp.removingElements(from: xml)))
    }

    /// Serialises and validates messages on every core (unsigned: signing happens at dispatch),
    /// except those `serialised` holds already validated.
    static func serialiseAndValidate(_ messages: [PackedMessage], serialised: [DocumentPreparation.Prepared?], validator: SchemaValidator)
        -> [ChunkWork.Result]
    {
        var results = Array(repeating: ChunkWork.Result(xml: Data(), issues: []), count: messages.count)
        var remaining: [Int] = []
        for index in messages.indices {
            if let ready = serialised[index], let issues = ready.issues {
                results[index] = ChunkWork.Result(xml: ready.xml, issues: issues)
            } else {
                remaining.append(index)
            }
        }
        var start = 0
        while start < remaining.count {
            let slice = remaining[start..<min(start + 512, remaining.count)]
            let done = ChunkWork(messages: slice.map { messages[$0] }, validator: validator, signer: nil).wait()
            for (index, result) in zip(slice, done) { results[index] = result }
            start += slice.count
        }
        return results
    }
}

extension ConvertedDocument {
    /// Gives a waybill that reuses a number (after 180 days) an identity of its own, from its order.
    mutating func markAsReuse() {
        guard case .waybill(var head) = body else { return }
        guid = CEBGuid.stable("\(messageType.rawValue)|\(businessKey)|order|\(orderNo)")
        head.guid = guid
        body = .waybill(head)
    }

    /// Turns the document into a modification (appType 2) of its earlier declaration.
    mutating func markAsModification(round: Int) {
        guid = CEBGuid.stable("\(messageType.rawValue)|\(businessKey)|round\(round)")
        switch body {
        case .order(var order):
            order.head.appType = "2"
            order.head.guid = guid
            body = .order(order)
        case .payment(var head):
            head.appType = "2"
            head.guid = guid
            body = .payment(head)
        case .waybill(var head):
            head.appType = "2"
            head.guid = guid
            body = .waybill(head)
        case .inventory(var inventory):
            inventory.head.appType = "2"
            inventory.head.guid = guid
            body = .inventory(inventory)
        case .cancellation(var cancel):
            cancel.guid = guid
            body = .cancellation(cancel)
        case .refund(var refund):
            refund.head.appType = "2"
            refund.head.guid = guid
            body = .refund(refund)
        case .waybillStatus(var status):
            status.appType = "2"
            status.guid = guid
            body = .waybillStatus(status)
        case .delivery(var delivery):
            delivery.head.appType = "2"
            delivery.head.guid = guid
            body = .delivery(delivery)
        }
    }
}
