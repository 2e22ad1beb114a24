public import CEBMessages
public import Foundation

/// A message a worker has claimed: it holds the lease until `leaseUntil`.
public struct ClaimedMessage: Sendable {
    public var id: Int64
    public var guid: String
    public var type: CEBMessageType
    public var payload: Data
    /// Attempts so far, this one included.
    public var attempts: Int
    public var createdAt: Date
    public var lastAppTime: String?
    public var worker: String
}

/// What happened to one send attempt.
public struct AttemptReport: Sendable {
    public var startedAt: Date
    public var finishedAt: Date
    public var endpoint: String?
    public var transmissionID: String?
    public var httpStatus: Int?
    /// `accepted`, `duplicate`, `transient`, `permanent`, `exhausted`, `released`…
    public var outcome: String
    public var error: String?
    /// SHA-256 of the exact bytes sent.
    public var sentSHA256: String?
    /// The appTime stamped on this send.
    public var appTime: String?
    /// The exact bytes sent (stamped, signed); stored with the attempt, by ``sentSHA256``.
    public var sentBody: Data? = nil

    public init(startedAt: Date, finishedAt: Date, endpoint: String?, transmissionID: String?, httpStatus: Int?, outcome: String, error: String?, sentSHA256: String?, appTime: String?) {
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.endpoint = endpoint
        self.transmissionID = transmissionID
        self.httpStatus = httpStatus
        self.outcome = outcome
        self.error = error
        self.sentSHA256 = sentSHA256
        self.appTime = appTime
    }
}

/// When an inventory may be sent: its order, payment and waybill (those in the outbox) must have
/// reached `acceptanceRank` — customs refuses an inventory whose documents it has not seen.
public struct DispatchGate: Sendable, Hashable {
    public var acceptanceRank: Int

    public init(acceptanceRank: Int) {
        self.acceptanceRank = acceptanceRank
    }
}

/// A receipt answer to record and apply.
public struct IncomingReceipt: Sendable, Hashable {
    /// SHA-256 of the answer's content: the same answer twice is applied once.
    public var contentHash: String
    public var receiptType: CEBMessageType
    public var status: String
    public var info: String
    /// The guid customs echoed (a document's or a message's).
    public private(set) var guid: String?
    /// Keys to find the document by, most specific first (see ``ReceiptKeys``).
    public private(set) var lookupKeys: [String]
    /// The keys as the receipt row stores them: `guid|…` first, one a line. Made with the
    /// receipt (on the threads that parse), not while the receipt is applied.
    public let storedKeys: String
    public var preNo: String?
    public var invtNo: String?
    public var source: String
    public var rawSHA256: String
    /// Every field, as JSON, for the archive.
    public var fieldsJSON: String
    /// The raw receipt document as received (archived once, by its SHA-256).
    public var raw: Data?

    public init(contentHash: String, receiptType: CEBMessageType, status: String, info: String, guid: String?, lookupKeys: [String], preNo: String?, invtNo: String?, source: String, rawSHA256: String, fieldsJSON: String) {
        self.contentHash = contentHash
        self.receiptType = receiptType
        self.status = status
        self.info = info
        self.guid = guid
        self.lookupKeys = lookupKeys
        storedKeys = ((guid.map { ["guid|\($0)"] } ?? []) + lookupKeys).joined(separator: "\n")
        self.preNo = preNo
        self.invtNo = invtNo
        self.source = source
        self.rawSHA256 = rawSHA256
        self.fieldsJSON = fieldsJSON
        raw = nil
    }
}

/// What applying a receipt did.
public enum ReceiptApplication: Sendable, Hashable {
    /// Applied to a document; `changed` when its status moved.
    case applied(documentID: Int64, changed: Bool)
    /// The same answer was seen before.
    case duplicate
    /// No document matches yet; kept and applied when its document appears.
    case unmatched
    /// Its document exists but was never sent: customs cannot have answered it, so the answer
    /// is kept unapplied (forged, or from another system) and expires with the unmatched ones.
    case notYetSent(documentID: Int64)
}

/// A document reaching a final customs status, for notifying the platform.
public struct FinalStatusEvent: Sendable, Hashable {
    public var documentID: Int64
    public var type: CEBMessageType
    public var businessKey: String
    public var orderNo: String
    public var status: String
    public var info: String
}
