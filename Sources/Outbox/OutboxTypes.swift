public import CEBMessages
public import Foundation

/// A document's identity in customs' eyes: its type and business key.
public struct DocumentKey: Sendable, Hashable {
    public var type: CEBMessageType
    public var businessKey: String

    public init(type: CEBMessageType, businessKey: String) {
        self.type = type
        self.businessKey = businessKey
    }
}

/// A document about to be enqueued.
public struct SubmissionDocument: Sendable, Hashable {
    public var key: DocumentKey
    public var orderNo: String
    public var guid: String
    /// SHA-256 of the document's content without its volatile fields (appTime): equal hashes mean
    /// the same declaration.
    public var contentHash: String
    public var appType: String
    public var record: String
    /// Keys a receipt can find the document by (see `ReceiptKeys`).
    public var lookupKeys: [String]
    /// For an inventory: what its buyer spends, counted against the annual limit across batches.
    public var purchase: Purchase?
    /// For an order: the tax it withheld (`taxTotal`), reconciled with customs' tax bill.
    public var withheldTax: Decimal?
    /// A waybill whose number the outbox holds for another order declared more than
    /// ``SubmissionDocument/waybillReuseAge`` ago: that document keeps its history under a
    /// retired key, and this one takes the key.
    public var retiresExpired = false
    /// For an order or a payment: what customs' real-time fetch needs (announcement 179), as
    /// stored JSON, and the business key of the payment it belongs to.
    public var platformFacts: String?
    public var paymentKey = ""

    /// How long a carrier may not reuse a waybill number (customs: 180 days, -504012).
    public static let waybillReuseAge: TimeInterval = 180 * 86_400

    public init(
        key: DocumentKey, orderNo: String, guid: String, contentHash: String, appType: String = "1", record: String,
        lookupKeys: [String]? = nil
    ) {
        self.key = key
        self.orderNo = orderNo
        self.guid = guid
        self.contentHash = contentHash
        self.appType = appType
        self.record = record
        self.lookupKeys = lookupKeys ?? ReceiptKeys.documentKeys(type: key.type, businessKey: key.businessKey, orderNo: orderNo)
    }
}

/// A message about to be enqueued, with its XML and its documents.
public struct SubmissionMessage: Sendable {
    public var guid: String
    public var type: CEBMessageType
    /// SHA-256 of the message XML: the payload row it names.
    public var payloadHash: String
    /// The XML, when the submission writes the payload itself; nil when it was staged before
    /// (``SQLOutbox/stagePayloads(_:)``), as a large batch's are. Setting it sets the hash.
    public var xml: Data? {
        didSet { if let xml { payloadHash = SHA256.hex(xml) } }
    }
    public var documents: [SubmissionDocument]

    public init(guid: String, type: CEBMessageType, xml: Data, documents: [SubmissionDocument]) {
        self.guid = guid
        self.type = type
        self.payloadHash = SHA256.hex(xml)
        self.xml = xml
        self.documents = documents
    }

    /// A message whose payload is staged already.
    public init(guid: String, type: CEBMessageType, payloadHash: String, documents: [SubmissionDocument]) {
        self.guid = guid
        self.type = type
        self.payloadHash = payloadHash
        self.xml = nil
        self.documents = documents
    }
}

/// What the outbox already holds for a document key.
public struct ExistingDocument: Sendable, Hashable {
    public var id: Int64
    public var contentHash: String
    public var customsStatus: String?
    public var round: Int
    public var messageState: MessageState
    /// The order it belongs to, and when it was first enqueued: a waybill number is the
    /// carrier's again 180 days after it was used for another order.
    public var orderNo: String = ""
    public var createdAt: Date = .distantPast
}

/// The outcome of a submission.
public struct SubmissionResult: Sendable, Hashable {
    public var batchID: Int64?
    public var enqueuedMessages: Int
    public var enqueuedDocuments: Int
    /// Documents found already stored, identical, when the batch was written (a concurrent
    /// submission of the same batch got there first): not enqueued again.
    public var alreadyPresentDocuments: Set<DocumentKey> = []
}

/// Counts for `swgate status`.
public struct OutboxStatus: Sendable, Hashable {
    public var documentsTotal: Int
    public var documentsByStatus: [String: Int]
    public var messagesTotal: Int
    public var messagesByState: [String: Int]
    public var messagesByType: [String: Int]
    /// Age in seconds of the oldest message not yet in a final state, if any.
    public var oldestWaitingSeconds: Double?
}

/// A document as `swgate list` shows it.
public struct DocumentSummary: Sendable, Hashable {
    public var id: Int64
    public var messageType: CEBMessageType
    public var orderNo: String
    public var businessKey: String
    public var guid: String
    public var customsStatus: String?
    public var customsInfo: String?
    public var state: MessageState
    public var messageID: Int64
    public var messageGuid: String
    public var attempts: Int
    public var round: Int
    public var preNo: String?
    public var invtNo: String?
    public var updatedAt: Date
    public var record: String?
}

/// One send attempt of a message.
public struct AttemptRecord: Sendable, Hashable {
    public var startedAt: Date
    public var finishedAt: Date?
    public var endpoint: String?
    public var transmissionID: String?
    public var httpStatus: Int?
    public var outcome: String
    public var error: String?
    /// The message exactly as this attempt sent it (stamped, signed), when it got that far.
    public var sent: Data? = nil
}

/// One state change in the audit log.
public struct AuditEntry: Sendable, Hashable {
    public var at: Date
    public var entity: String
    public var from: String?
    public var to: String
    public var reason: String?
}

/// Everything known about a document, for `swgate show`.
public struct DocumentDetail: Sendable {
    public var summary: DocumentSummary
    public var payload: Data
    public var attempts: [AttemptRecord]
    public var audit: [AuditEntry]
}

/// Which documents `swgate list` shows.
public struct DocumentFilter: Sendable, Hashable {
    public var state: MessageState?
    public var type: CEBMessageType?
    public var since: Date?
    public var orderNo: String?
    public var limit: Int
    /// Only documents older than this one (by id): the next page when walking the outbox.
    public var beforeID: Int64?
    /// Only documents last changed before this moment (with `since`, a date range).
    public var until: Date?
    /// Only documents at this customs status (`none`: no receipt yet).
    public var customsStatus: String?

    public init(state: MessageState? = nil, type: CEBMessageType? = nil, since: Date? = nil, orderNo: String? = nil, limit: Int = 100) {
        self.state = state
        self.type = type
        self.since = since
        self.orderNo = orderNo
        self.limit = limit
    }
}

/// One buyer's purchase in one inventory, for the annual limit across batches. The buyer is the
/// SHA-256 of the upper-cased ID number: the total can be kept without another copy of the number.
public struct Purchase: Sendable, Hashable {
    public var buyer: String
    public var year: Int
    /// The amount in fen (1/100 CNY): sums stay exact.
    public var fen: Int64

    public init(buyer: String, year: Int, fen: Int64) {
        self.buyer = buyer
        self.year = year
        self.fen = fen
    }
}
