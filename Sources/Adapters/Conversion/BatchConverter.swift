import CEBMessages
public import Foundation

/// Converts a batch of platform records into customs documents, running every preflight rule.
///
/// Documents are handed to a sink as they are made, so a JSON Lines batch of any size converts in
/// constant memory; the caller decides whether anything is kept (a batch with errors must leave
/// nothing behind).
public struct BatchConverter {
    public let profile: EnterpriseProfile
    let mapper: DocumentMapper

    public init(profile: EnterpriseProfile, now: Date = Date()) {
        self.profile = profile
        mapper = DocumentMapper(profile: profile, now: now)
    }

    /// Reads `url`, reports to `log`, and passes each document to `sink`.
    public func convert(_ url: URL, log: IssueLog, sink: (ConvertedDocument) throws -> Void) throws {
        try convert(BatchReader(url: url, log: log), log: log, sink: sink)
    }

    /// Converts whatever `reader` reads; `log` must be the log the reader reports to.
    public func convert(_ reader: BatchReader, log: IssueLog, sink: (ConvertedDocument) throws -> Void) throws {
        var state = BatchState()
        try reader.forEach { item in
            switch item {
            case .parcel(let parcel):
                for document in convert(parcel, log: log, state: &state) { try sink(document) }
            case .afterSale(let request):
                if let document = convert(request, log: log, state: &state) { try sink(document) }
            }
        }
    }

    /// Converts one parcel, checking it on its own and against the batch so far.
    func convert(_ parcel: ParcelRecord, log: IssueLog, state: inout BatchState) -> [ConvertedDocument] {
        // One root cause, one finding: a section that could not be read has been reported; checking
        // the parcel without it would only report what follows from it (a missing order, schema
        // errors of a waybill built without the order's consignee).
        guard parcel.unreadable.isEmpty else { return [] }
        ParcelChecks(profile: profile, mapper: mapper, log: log, currentInventory: parcel.inventory).check(parcel)
        func at(_ suffix: String) -> String { parcel.path.isEmpty ? suffix : "\(parcel.path).\(suffix)" }
        var documents: [ConvertedDocument] = []
        if let order = parcel.order {
            documents.append(mapper.order(order, payment: parcel.payment, label: parcel.label))
        }
        if let payment = parcel.payment, let company = profile.paymentCompanies[payment.provider] {
            documents.append(mapper.payment(payment, company: company, label: parcel.label))
        }
        var carrier: Enterprise?
        if let waybill = parcel.waybill, let known = profile.carriers[waybill.carrier] {
            carrier = known
            documents.append(mapper.waybill(waybill, carrier: known, order: parcel.order, label: parcel.label))
            let link = state.link(waybill: "\(known.code):\(waybill.waybillNo)", order: waybill.orderNo)
            if link.earlierOrder {
                log.report(
                    "waybill.number-reused", record: parcel.label, path: at("waybill.waybillNo"),
                    "waybill \(waybill.waybillNo) of \(waybill.carrier) is already used for another order in this batch; a carrier may not reuse a number within 180 days (-504012)"
                )
            }
            if link.earlierWaybill {
                log.report(
                    "waybill.one-per-order", record: parcel.label, path: at("waybill"),
                    "order \(waybill.orderNo) already has another waybill in this batch; one parcel, one waybill")
            }
        }
        if let inventory = parcel.inventory, let order = parcel.order, let waybill = parcel.waybill, let carrier {
            documents.append(mapper.inventory(inventory, order: order, waybill: waybill, carrier: carrier, label: parcel.label))
            let value = mapper.dutiableValue(order, inventory: inventory, waybill: waybill)
            let total = state.addPurchase(buyer: order.buyer.idNumber, amount: value)
            if total > profile.annualLimit {
                log.report(
                    "limit.annual", record: parcel.label, path: at("order.buyer.idNumber"),
                    "buyer \(ResidentID.masked(order.buyer.idNumber)) reaches \(Money.text(total)) CNY of dutiable value (goods + freight + insurance) in this batch alone, over the annual limit of \(Money.text(profile.annualLimit)) CNY: customs rejects it (-621018)"
                )
            }
        }
        for document in documents {
            if let earlier = state.firstRecord(with: "\(document.messageType.rawValue)|\(document.businessKey)", ordinal: parcel.ordinal) {
                log.report(
                    "batch.duplicate-key", record: parcel.label, path: at(documentName(document.messageType)),
                    "\(document.messageType.title) \(document.businessKey) already appears in \(parcel.describe(ordinal: earlier)); customs would answer 'already exists'"
                )
            }
        }
        return documents
    }

    func convert(_ request: AfterSaleRecord, log: IssueLog, state: inout BatchState) -> ConvertedDocument? {
        switch request {
        case .cancellation(let record, let label, let path):
            guard let carrier = carrier(record.carrier, log: log, label: label, path: path) else { return nil }
            ParcelChecks(profile: profile, mapper: mapper, log: log).checkID(
                record.buyer.idNumber, record: label, path: "\(path).buyer.idNumber")
            let document = mapper.cancellation(record, carrier: carrier, label: label)
            if state.firstRecord(with: "CEB623|\(document.businessKey)", ordinal: 0) != nil {
                log.report(
                    "batch.duplicate-key", record: label, path: path,
                    "a cancellation of inventory \(record.invtNo) already appears earlier in this batch")
            }
            return document
        case .refund(let record, let label, let path):
            guard let carrier = carrier(record.carrier, log: log, label: label, path: path) else { return nil }
            ParcelChecks(profile: profile, mapper: mapper, log: log).checkID(
                record.buyer.idNumber, record: label, path: "\(path).buyer.idNumber")
            for (index, item) in record.items.enumerated() where item.hsCode.count != 10 || !item.hsCode.allSatisfy(\.isASCIIDigit) {
                log.report(
                    "inventory.hs-code", record: label, path: "\(path).items[\(index)].hsCode", "'\(item.hsCode)' is not a 10-digit HS code"
                )
            }
            let document = mapper.refund(record, carrier: carrier, label: label)
            if state.firstRecord(with: "CEB625|\(document.businessKey)", ordinal: 0) != nil {
                log.report(
                    "batch.duplicate-key", record: label, path: path,
                    "a return for inventory \(record.invtNo) already appears earlier in this batch")
            }
            return document
        case .waybillStatus(let record, let label, let path):
            guard let carrier = carrier(record.carrier, log: log, label: label, path: path) else { return nil }
            let document = mapper.waybillStatus(record, carrier: carrier, label: label)
            if state.firstRecord(with: "CEB513|\(document.businessKey)", ordinal: 0) != nil {
                log.report(
                    "batch.duplicate-key", record: label, path: path,
                    "waybill \(record.waybillNo) of \(record.carrier) is already reported signed for earlier in this batch")
            }
            return document
        case .delivery(let record, let label, let path):
            guard let carrier = carrier(record.carrier, log: log, label: label, path: path) else { return nil }
            let site: Enterprise
            if let code = record.operatorCode, let name = record.operatorName {
                site = Enterprise(code: code, name: name)
            } else if let area = profile.area {
                site = area
            } else {
                log.report(
                    "record.missing-field", record: label, path: "\(path).operator",
                    "required field is missing: the supervised-site operator {code, name} (the profile has no bonded area enterprise to default to)"
                )
                return nil
            }
            var seen = Set<String>()
            for (index, waybill) in record.waybills.enumerated() where !seen.insert(waybill).inserted {
                log.report(
                    "batch.duplicate-key", record: label, path: "\(path).waybills[\(index)]",
                    "waybill \(waybill) is listed twice in this entry list")
            }
            let document = mapper.delivery(record, carrier: carrier, site: site, label: label)
            if state.firstRecord(with: "CEB711|\(document.businessKey)", ordinal: 0) != nil {
                log.report(
                    "batch.duplicate-key", record: label, path: path,
                    "entry list \(document.businessKey) already appears earlier in this batch")
            }
            return document
        }
    }

    /// The profile's carrier of that short name, or nil with the problem reported.
    private func carrier(_ name: String, log: IssueLog, label: String, path: String) -> Enterprise? {
        if let carrier = profile.carriers[name] { return carrier }
        log.report("profile.unknown-carrier", record: label, path: "\(path).carrier", "'\(name)' is not a carrier of the profile")
        return nil
    }

    private func documentName(_ type: CEBMessageType) -> String {
        switch type {
        case .ceb311: "order"
        case .ceb411: "payment"
        case .ceb511: "waybill"
        default: "inventory"
        }
    }
}
