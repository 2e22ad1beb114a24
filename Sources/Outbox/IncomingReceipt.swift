public import CEBMessages
public import Foundation

/// A receipt answer to record and apply.
public struct IncomingReceipt: Sendable, Hashable {
    /// SHA-256 of the answer's content: the same answer twice is applied once.
    public var contentHash: String
    /// The answer's own `returnTime`, as customs wrote it (empty when it has none or an
    /// implausibly long one). With the hash it keys at-most-once: the time is part of the hashed
    /// content, so the pair is exactly as unique as the hash, and answers arrive roughly in the
    /// order of their times, so each commit adds to the end of the key's index instead of to
    /// pages all over it (see the SQLite schema's migration 16).
    public var returnTime = ""
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
    /// A CEB816 bill or CEB818 status, for the tax ledger.
    public var taxBill: TaxBillEntry? = nil

    public init(
        contentHash: String, receiptType: CEBMessageType, status: String, info: String, guid: String?, lookupKeys: [String], preNo: String?,
        invtNo: String?, source: String, rawSHA256: String, fieldsJSON: String
    ) {
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
