import CEBMessages
public import Foundation
import SyntheticData
import SchemaValidation
import Signing
import XMLSupport

/// The customs side of the simulator: what it has received, the three-document match, and the
/// receipts it owes, each due at a time.
public actor SimulatedCustoms {
    struct StoredOrder {
        var paid: Decimal
        var buyerName: String
        var buyerID: String
        var buyerPhone: String
        var goods: Decimal
        var freight: Decimal
        var lines: Int
    }

    struct StoredPayment {
        var amount: Decimal
        var payerName: String
        var payerID: String
    }

    public struct Receipt: Sendable {
        public var id: Int
        public var due: Date
        public var xml: Data
    }

    let configuration: SimulatorConfiguration
    let validator: SchemaValidator?
    var random: SeededRandom
    var orders: [String: StoredOrder] = [:]
    var payments: [String: StoredPayment] = [:]
    var waybills: Set<String> = []
    /// Bills issued, by inventory number: their number and guarantor, for later statuses.
    var taxBills: [String: (taxNo: String, assureCode: String)] = [:]
    var inventories: [String: String] = [:]
    var seenKeys: Set<String> = []
    var transmissions: Set<String> = []
    var receipts: [Receipt] = []
    var nextID = 1
    var sequence = 0
    /// Every transmission received, for tests: (copMsgId, message type, time).
    public private(set) var log: [(String, String, Date)] = []
    /// The documents (by guid) of every transmission received, for tests.
    public internal(set) var receivedDocuments: Set<String> = []
    /// Documents (by guid) whose transmission is being handled right now, and how many times.
    var inFlight: [String: Int] = [:]
    /// Documents that arrived while another transmission of the same document was still being
    /// handled — two workers sending one document at once, which a shared outbox must never do.
    public internal(set) var concurrentTransmissions: [String] = []

    init(configuration: SimulatorConfiguration, validator: SchemaValidator?) {
        self.configuration = configuration
        self.validator = validator
        random = SeededRandom(seed: configuration.seed)
    }

    func roll(_ rate: Double) -> Bool {
        rate > 0 && Double(random.next() % 10_000) / 10_000 < rate
    }

    // MARK: intake

    enum Reply {
        case ok
        case formatError(String)
        case serverError
    }

    /// A transmission read and checked outside the actor (parsing and validation run in parallel).
    struct Prepared: Sendable {
        var copMsgId: String
        var type: String
        var message: AnyCEBMessage?
        var raw: Data
        var formatProblem: String?
        var signatureProblem: String?
    }

    /// A transmission out of its DxpMsg envelope (or raw CEB XML, as it came).
    struct Unwrapped: Sendable {
        /// The envelope's copMsgId (`nil` for raw XML).
        var copMsgId: String?
        var message: Data
        var envelopeProblem: String?
    }

    /// Takes the message out of its envelope: the envelope is parsed here once, for the documents
    /// in flight and for `prepare` alike.
    nonisolated func unwrap(_ body: Data) -> Unwrapped {
        let sniffed = body.withUnsafeBytes { raw in RootElementSniffer.sniff(raw.bindMemory(to: UInt8.self)) }
        guard sniffed?.localName == "DxpMsg" || sniffed == nil else { return Unwrapped(message: body) }
        // Read where it lies; a body that does not parse, or is not a DxpMsg, is raw CEB XML.
        let unwrapped = try? XMLDocumentParser.withRootElement(body) { root -> Unwrapped in
            guard root.name == "DxpMsg" else { return Unwrapped(message: body) }
            guard let envelope = try? DxpEnvelope(reading: root) else {
                return Unwrapped(message: body, envelopeProblem: "0001 the DxpMsg envelope is malformed")
            }
            return Unwrapped(copMsgId: envelope.transInfo.copMsgId, message: envelope.data)
        }
        return unwrapped ?? Unwrapped(message: body)
    }

    /// Unwraps, validates and parses a transmission: no shared state touched.
    nonisolated func prepare(_ body: Data, sequence: Int) -> Prepared {
        prepare(unwrap(body), sequence: sequence)
    }

    /// Validates and parses an unwrapped transmission: no shared state touched.
    nonisolated func prepare(_ unwrapped: Unwrapped, sequence: Int) -> Prepared {
        let message = unwrapped.message
        let copMsgId = unwrapped.copMsgId ?? "raw-\(sequence)"
        if let problem = unwrapped.envelopeProblem {
            return Prepared(copMsgId: copMsgId, type: "Unknown", message: nil, raw: message, formatProblem: problem)
        }
        // The root's name from its start tag; the document is parsed once, below, as it is validated.
        let sniffed = message.withUnsafeBytes { raw in RootElementSniffer.sniff(raw.bindMemory(to: UInt8.self)) }
        let type = sniffed?.localName ?? (try? XMLDocumentParser.parse(message))?.name ?? "Unknown"
        // Validated and read from one parse (a message that is not customs' is parsed again below).
        var validated: AnyCEBMessage?
        if let validator {
            let (result, root) = validator.validatedTree(message)
            if !result.isValid {
                let reason = result.issues.first.map { "line \($0.line): \($0.message)" } ?? "invalid"
                return Prepared(copMsgId: copMsgId, type: type, message: nil, raw: message, formatProblem: "0002 \(reason)")
            }
            validated = root.flatMap { try? AnyCEBMessage(root: $0) }
        }
        guard let parsed = validated ?? (try? AnyCEBMessage.parse(message)) else {
            return Prepared(copMsgId: copMsgId, type: type, message: nil, raw: message, formatProblem: "0001 not a customs message")
        }
        var signatureProblem: String?
        if case .ceb621 = parsed { signatureProblem = signatureCheck(message) }
        return Prepared(
            copMsgId: copMsgId, type: type, message: parsed, raw: message, formatProblem: nil, signatureProblem: signatureProblem)
    }

    /// The injected faults decided for one transmission, and its sequence number.
    typealias Faults = (serverError: Bool, hold: TimeInterval, fail: Bool, sequence: Int)

    /// Decides the injected faults for the next transmission: (HTTP 500, held reply, format failure).
    func faults() -> Faults {
        let serverError = roll(configuration.http500Rate)
        let hold = roll(configuration.timeoutRate) ? configuration.timeoutHold : 0
        let fail = roll(configuration.failRate)
        return (serverError, hold, fail, log.count + 1)
    }

    /// Takes one transmission (a DxpMsg, or raw CEB XML) and schedules its receipts.
    func receive(_ body: Data, now: Date) -> (Reply, hold: TimeInterval) {
        let decided = faults()
        if decided.serverError { return (.serverError, 0) }
        return accept(prepare(body, sequence: decided.sequence), fail: decided.fail, hold: decided.hold, now: now)
    }

    /// Applies a prepared transmission to the customs state; the documents in `ending` are no
    /// longer in flight (``end(_:)``) once it is.
    func accept(_ prepared: Prepared, fail: Bool, hold: TimeInterval, now: Date, ending: [String] = []) -> (Reply, hold: TimeInterval) {
        defer { end(ending) }
        log.append((prepared.copMsgId, prepared.type, now))
        if fail {
            formatReceipt(copMsgId: prepared.copMsgId, type: prepared.type, code: "-1", info: "报文格式校验失败 (injected)", now: now)
            return (.formatError("0002 injected format failure"), hold)
        }
        if let problem = prepared.formatProblem {
            formatReceipt(copMsgId: prepared.copMsgId, type: prepared.type, code: "-1", info: "报文不能通过schema验证: \(problem)", now: now)
            return (.formatError(problem), hold)
        }
        guard let parsed = prepared.message else { return (.formatError("0001 not a customs message"), hold) }
        transmissions.insert(prepared.copMsgId)
        process(parsed, signatureProblem: prepared.signatureProblem, now: now)
        return (.ok, hold)
    }

    private func process(_ message: AnyCEBMessage, signatureProblem: String?, now: Date) {
        switch message {
        case .ceb311(let value):
            for order in value.orders { handleOrder(order, now: now) }
        case .ceb411(let value):
            for payment in value.payments { handlePayment(payment, now: now) }
        case .ceb511(let value):
            for waybill in value.waybills { handleWaybill(waybill, now: now) }
        case .ceb621(let value):
            for inventory in value.inventories { handleInventory(inventory, signatureProblem: signatureProblem, now: now) }
        case .ceb623(let value):
            for cancel in value.cancellations {
                let body = InvtCancelReturn(
                    guid: cancel.guid, customsCode: cancel.customsCode, copNo: cancel.copNo ?? "",
                    preNo: cancel.preNo ?? "B00000000000000000", invtNo: cancel.invtNo, returnStatus: "2",
                    returnTime: CEBTime.returnTime(now), returnInfo: "撤销申请申报中")
                schedule(CEB624Message(returns: [body]), at: now)
                var accepted = body
                accepted.returnStatus = "120"
                accepted.returnInfo = "撤销申请已入库"
                schedule(CEB624Message(returns: [accepted]), at: now.addingTimeInterval(configuration.stageDelay))
                voidTaxBill(invtNo: cancel.invtNo, at: now.addingTimeInterval(2 * configuration.stageDelay))
            }
        case .ceb625(let value):
            for refund in value.refunds {
                let head = refund.head
                let body = InvtRefundReturn(
                    guid: head.guid, customsCode: head.customsCode, agentCode: head.agentCode, ebpCode: head.ebpCode, ebcCode: head.ebcCode,
                    copNo: head.copNo ?? "", preNo: head.preNo ?? "", invtNo: head.invtNo, returnStatus: "2",
                    returnTime: CEBTime.returnTime(now),
                    returnInfo: "退货申请申报中")
                schedule(CEB626Message(returns: [body]), at: now)
                var accepted = body
                accepted.returnStatus = "120"
                accepted.returnInfo = "退货申请已入库"
                accepted.returnTime = CEBTime.returnTime(now.addingTimeInterval(configuration.stageDelay))
                schedule(CEB626Message(returns: [accepted]), at: now.addingTimeInterval(configuration.stageDelay))
                voidTaxBill(invtNo: head.invtNo, at: now.addingTimeInterval(2 * configuration.stageDelay))
            }
        case .ceb513(let value):
            for status in value.statuses {
                let answer = LogisticsStatusReturn(
                    guid: status.guid, logisticsCode: status.logisticsCode, logisticsNo: status.logisticsNo,
                    logisticsStatus: status.logisticsStatus,
                    returnStatus: "120", returnTime: CEBTime.returnTime(now), returnInfo: "运单状态入库成功"
                )
                schedule(CEB514Message(returns: [answer]), at: now.addingTimeInterval(configuration.stageDelay))
            }
        case .ceb711(let value):
            let head = value.delivery.head
            let answer = DeliveryReturn(
                guid: head.guid, customsCode: head.customsCode, operatorCode: head.operatorCode, copNo: head.copNo,
                preNo: "D" + CEBTime.date(now) + Self.nineDigits(sequence), returnStatus: "120", returnTime: CEBTime.returnTime(now),
                returnInfo: "入库明细单入库成功"
            )
            schedule(CEB712Message(returns: [answer]), at: now.addingTimeInterval(configuration.stageDelay))
        default:
            break
        }
    }

    func duplicate(_ key: String, appType: String) -> Bool {
        if appType == "1", seenKeys.contains(key) { return true }
        seenKeys.insert(key)
        return false
    }

    // MARK: receipts

    /// Queues a receipt, wrapped in a DxpMsg as customs sends it.
    func schedule<Message: CEBMessage>(_ receipt: Message, at due: Date) {
        let envelope = DxpEnvelope.wrap(receipt, senderId: configuration.customsDxpId, receiverIds: ["DXPENT0000000001"], creatTime: due)
        var xml = envelope.xmlData()
        if let signer = configuration.receiptSigner, let signed = try? EnvelopedSignature.sign(xml, with: signer) { xml = signed }
        let copies = configuration.duplicateReceipts ? 2 : 1
        let first = nextID
        for _ in 0..<copies {
            receipts.append(Receipt(id: nextID, due: due, xml: xml))
            if let folder = configuration.receiptsDirectory {
                let name = "\(Message.messageType.rawValue)_\(nextID).xml"
                let temporary = folder.appendingPathComponent(".\(name).tmp")
                try? xml.write(to: temporary)
                try? FileManager.default.moveItem(at: temporary, to: folder.appendingPathComponent(name))
            }
            nextID += 1
        }
        // Now and then, for receipts that only go to files and are never fetched.
        if first / 1_024 != nextID / 1_024 { dropExpiredReceipts(now: due) }
    }

    /// Receipts due by `now` with an id above `after`, at most `limit`.
    func due(after: Int, limit: Int, now: Date) -> [Receipt] {
        dropExpiredReceipts(now: now)
        // Receipts are appended with consecutive ids, so the one after `after` is found by its
        // position, not by scanning them all (which would make every poll slower than the last).
        // Stop at the first receipt not yet due, so the cursor never skips one.
        var ready: [Receipt] = []
        var index = max(0, after - ((receipts.first?.id ?? 1) - 1))
        while index < receipts.count, ready.count < limit {
            let receipt = receipts[index]
            if receipt.due > now { break }
            if receipt.id > after { ready.append(receipt) }
            index += 1
        }
        if configuration.reorderReceipts { ready.shuffle(using: &random) }
        return ready
    }

    /// Transmissions taken in, and documents that were in flight twice at once.
    /// The numbers of the orders declared so far (announcement 179: customs asks about these).
    public func declaredOrders() -> [String] {
        orders.keys.map { String($0.drop { $0 != ":" }.dropFirst()) }.sorted()
    }

    public func stats() -> (transmissions: Int, concurrent: Int) {
        (log.count, concurrentTransmissions.count)
    }

    /// How many transmissions were received, by copMsgId, for tests.
    public func transmissionLog() -> [(copMsgId: String, type: String, at: Date)] {
        log.map { ($0.0, $0.1, $0.2) }
    }

    /// How many receipts are not yet due.
    public func pendingReceipts(now: Date) -> Int {
        receipts.filter { $0.due > now }.count
    }
}
