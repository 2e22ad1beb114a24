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
        /// Every document's outcome, or with ``Submission/detailEveryDocument`` off only those not
        /// enqueued (a large batch's list would be as large as the batch).
        public var documents: [DocumentOutcome]
        /// How many documents had each outcome.
        public var counts: [Outcome: Int] = [:]
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
    /// Keep every document's outcome in the report (off: only those not enqueued, and the counts).
    public var detailEveryDocument = true
    /// Documents converted, checked and staged at a time: what the batch holds in memory at once.
    public var chunkSize = 1_000

    public init(profile: EnterpriseProfile, validator: SchemaValidator, store: SQLOutbox) {
        self.profile = profile
        self.validator = validator
        self.store = store
    }

    /// Converts, checks and validates the batch a chunk at a time, staging each chunk's message
    /// payloads in the outbox (content-addressed, invisible until a message names them), then
    /// enqueues every message in one transaction — or, on any error, nothing, and removes the
    /// staged payloads no message uses. Memory holds one chunk's documents and every new
    /// document's few identifying fields, whatever the size of the batch.
    public func run(_ batch: URL, progress: ((SubmissionProgress) -> Void)? = nil) throws -> Report {
        let log = IssueLog(file: batch.lastPathComponent, rules: profile.rules)
        let reader = BatchReader(url: batch, log: log)
        let records = progress == nil ? nil : reader.recordCount()
        progress?(SubmissionProgress(phase: .read, done: records ?? 0, total: records, unit: "records"))
        let state = try SubmissionState(detailed: detailEveryDocument)
        defer { state.spill.remove() }
        var chunk: [ConvertedDocument] = []
        let preparation = DocumentPreparation(profile: profile, validator: pack == 1 ? validator : nil)
        var recordsDone = 0
        var lastRecord = ""
        let stager = ChunkStager { [self] documents, prepared in try stage(documents, prepared: prepared, log: log, state: state) }
        do {
            try BatchConverter(profile: profile, now: now).convert(reader, log: log) { document in
                if document.record != lastRecord {
                    lastRecord = document.record
                    recordsDone += 1
                    if recordsDone % 250 == 0 {
                        progress?(SubmissionProgress(phase: .convert, done: recordsDone, total: records, unit: "records"))
                    }
                }
                // Once the batch has an error nothing will be enqueued: the rest is only converted
                // (and checked), so that every problem is reported in one run.
                guard !log.hasErrors else { return }
                chunk.append(document)
                preparation.add(document)
                if chunk.count >= chunkSize {
                    try stager.add(chunk, prepared: preparation.seal())
                    chunk = []
                }
            }
            progress?(SubmissionProgress(phase: .check, done: 0, total: recordsDone, unit: "records"))
            if !log.hasErrors, !chunk.isEmpty {
                try stager.add(chunk, prepared: preparation.seal())
            } else {
                _ = preparation.finish()
            }
            try stager.finish()
        } catch {
            try? stager.finish()
            try? store.removeStagedPayloads(state.stagedPayloads)
            throw error
        }
        if log.hasErrors || state.refused {
            try store.removeStagedPayloads(state.stagedPayloads)
            return Report(issues: log.issues, documents: state.outcomes, counts: state.counts, result: nil, failed: true)
        }
        let storing = state.documentCount
        progress?(SubmissionProgress(phase: .store, done: 0, total: storing, unit: "documents"))
        let result: SubmissionResult
        do {
            result = try store.submit(file: batch.path, spill: state.spill, now: now) { stored in
                progress?(SubmissionProgress(phase: .store, done: stored, total: storing, unit: "documents"))
            }
        } catch {
            try? store.removeStagedPayloads(state.stagedPayloads)
            throw error
        }
        // A concurrent submission of the same batch may have stored some of it first.
        state.alreadyPresent(result.alreadyPresentDocuments)
        return Report(issues: log.issues, documents: state.outcomes, counts: state.counts, result: result, failed: false)
    }

    /// The annual limit across batches: each new inventory's purchase is recorded with it, and a
    /// buyer whose earlier batches (as the outbox holds them) and this one together pass the limit
    /// is warned about — unless this batch alone does, which the converter has already said.
    func checkAnnualLimit(_ fresh: inout [(ConvertedDocument, SubmissionDocument)], log: IssueLog, inBatch: inout [String: Int64]) throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt
        let year = calendar.component(.year, from: now)
        var buyers: [Int: (id: String, purchase: Purchase)] = [:]
        for index in fresh.indices {
            guard case .inventory(let inventory) = fresh[index].0.body else { continue }
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
    static func contentHash(_ xml: [UInt8]) -> String {
        SHA256.hex(AppTimeValues.removingElements(from: xml))
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
