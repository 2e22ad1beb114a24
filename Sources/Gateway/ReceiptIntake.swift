import CEBMessages
public import Foundation
public import Outbox
import JSONWriting

/// Takes receipts in — from a poll, a push, a folder or a replayed file — and applies each answer
/// to its document in the outbox, at most once.
public final class ReceiptIntake: @unchecked Sendable {  // immutable but for the expiry time, read and written under `expiryLock`
    public struct Counts: Sendable, Hashable {
        public var applied = 0
        public var duplicates = 0
        public var unmatched = 0
        /// Answers naming a document that was never sent: kept unapplied (counted in `unmatched` too).
        public var notYetSent = 0
        public var refused = 0
        public var finals: [FinalStatusEvent] = []

        public init() {}

        public mutating func add(_ other: Counts) {
            applied += other.applied
            duplicates += other.duplicates
            unmatched += other.unmatched
            notYetSent += other.notYetSent
            refused += other.refused
            finals += other.finals
        }
    }

    public let store: SQLOutbox
    /// The status from which a document counts as accepted (2 or 120).
    public let acceptanceRank: Int
    /// Whether raw receipts are archived in the outbox (table `raw_receipts`).
    public let archive: Bool

    /// How long a receipt kept unapplied (``SQLOutbox/unmatchedReceipts(limit:)``) is kept.
    public let unmatchedTTL: TimeInterval
    /// The default: a week, far longer than any genuine answer waits for its document.
    public static let defaultUnmatchedTTL: TimeInterval = 7 * 86_400
    private let expiryLock = NSLock()
    private var lastExpiry = Date.distantPast

    public init(
        store: SQLOutbox, acceptanceStatus: String = "2", archive: Bool = true,
        unmatchedTTL: TimeInterval = ReceiptIntake.defaultUnmatchedTTL
    ) {
        self.store = store
        acceptanceRank = CustomsStatus.rank(acceptanceStatus)
        self.archive = archive
        self.unmatchedTTL = unmatchedTTL
    }

    /// Deletes receipts kept unapplied for longer than ``unmatchedTTL``; at most once a minute.
    public func expireUnmatched(now: Date = Date(), force: Bool = false) throws -> Int {
        let due = expiryLock.withLock { () -> Bool in
            guard force || now.timeIntervalSince(lastExpiry) >= 60 else { return false }
            lastExpiry = now
            return true
        }
        guard due else { return 0 }
        return try store.expireUnmatchedReceipts(receivedBefore: now.addingTimeInterval(-unmatchedTTL))
    }

    /// Reads receipt bytes (raw or DxpMsg-wrapped, any number of answers) and applies every answer.
    /// Throws when the bytes are not a receipt at all.
    public func ingest(_ data: Data, source: String, now: Date = Date()) throws -> Counts {
        try apply(try prepare(data, source: source), now: now)
    }

    /// Reads and archives one receipt document; the answers are applied later, in a batch.
    public func prepare(_ data: Data, source: String) throws -> [IncomingReceipt] {
        let file = try ReceiptFile.read(data)
        try Self.checkBounds(file)
        let rawHash = SHA256.hex(data)
        var answers = try file.returns.map { element in
            var answer = Self.incoming(element, source: source, rawSHA256: rawHash)
            answer.taxBill = try TaxBillReading.entry(element)
            return answer
        }
        if archive, !answers.isEmpty { answers[0].raw = data }
        return answers
    }

    /// Applies answers in one transaction.
    public func apply(_ receipts: [IncomingReceipt], now: Date = Date()) throws -> Counts {
        var counts = Counts()
        guard !receipts.isEmpty else { return counts }
        for (result, final) in try store.apply(receipts, acceptanceRank: acceptanceRank, now: now) {
            switch result {
            case .applied: counts.applied += 1
            case .duplicate: counts.duplicates += 1
            case .unmatched: counts.unmatched += 1
            case .notYetSent:
                counts.unmatched += 1
                counts.notYetSent += 1
            }
            if let final { counts.finals.append(final) }
        }
        _ = try expireUnmatched(now: now)
        return counts
    }

    /// Answers in one receipt document: customs puts at most 100 in one (one per document of the
    /// message it answers); ten times that is refused before anything is stored.
    public static let maxAnswers = 1_000
    /// Bytes in one field of an answer: `returnInfo` is at most 1,000 characters (3,000 bytes of
    /// Chinese); more is refused, so that no answer can make the outbox store megabytes.
    public static let maxFieldBytes = 8 * 1024

    static func checkBounds(_ file: ReceiptFile) throws {
        if file.returns.count > maxAnswers {
            throw ReceiptBoundsError(
                message:
                    "\(file.messageType.rawValue) carries \(file.returns.count) answers; at most \(maxAnswers) are accepted in one receipt")
        }
        for answer in file.returns {
            for field in answer.fields where field.value.utf8.count > maxFieldBytes {
                throw ReceiptBoundsError(
                    message:
                        "\(answer.elementName)/\(field.name) is \(field.value.utf8.count) bytes; at most \(maxFieldBytes) are accepted (line \(answer.line))"
                )
            }
        }
    }

    /// The store's view of one answer: its content hash (for at-most-once), status, keys.
    static func incoming(_ element: ReturnElement, source: String, rawSHA256: String) -> IncomingReceipt {
        // Both texts are assembled as bytes, field by field: every answer of every receipt passes
        // here. The canonical text is what the content hash (and so duplicate detection in
        // outboxes already holding receipts) rests on: type, a line feed, the fields `name=value`
        // one per line; then for each bill line "\n-\n" and its fields the same way.
        var canonical: [UInt8] = []
        canonical.reserveCapacity(1024)
        var json: [UInt8] = []
        json.reserveCapacity(1024)
        canonical += element.messageType.rawValue.utf8
        canonical.append(UInt8(ascii: "\n"))
        json.append(UInt8(ascii: "{"))
        for (index, field) in element.fields.enumerated() {
            if index > 0 {
                canonical.append(UInt8(ascii: "\n"))
                json.append(UInt8(ascii: ","))
                json.append(UInt8(ascii: " "))
            }
            appendCanonical(field, to: &canonical)
            JSONString.appendQuoted(field.name, to: &json)
            json.append(UInt8(ascii: ":"))
            json.append(UInt8(ascii: " "))
            JSONString.appendQuoted(field.value, to: &json)
        }
        json.append(UInt8(ascii: "}"))
        // A bill's lines are part of what it says: the same head with other lines is another answer.
        for line in element.lines {
            canonical += "\n-\n".utf8
            for (index, field) in line.enumerated() {
                if index > 0 { canonical.append(UInt8(ascii: "\n")) }
                appendCanonical(field, to: &canonical)
            }
        }
        var receipt = IncomingReceipt(
            contentHash: SHA256.hex(canonical), receiptType: element.messageType, status: element.statusCode ?? "",
            info: element["returnInfo"] ?? element["note"] ?? "", guid: element["guid"], lookupKeys: ReceiptKeys.receiptKeys(element),
            preNo: element["preNo"], invtNo: element["invtNo"], source: source, rawSHA256: rawSHA256,
            fieldsJSON: String(decoding: json, as: UTF8.self)
        )
        // Taken from the hashed fields, so the same content always comes with the same time.
        if let time = element["returnTime"], time.utf8.count <= maxReturnTimeBytes { receipt.returnTime = time }
        return receipt
    }

    /// A `returnTime` is 17 digits; a longer one (from whoever forged it) keys its answer under
    /// no time rather than lengthening the index.
    static let maxReturnTimeBytes = 32

    private static func appendCanonical(_ field: ReturnField, to bytes: inout [UInt8]) {
        bytes += field.name.utf8
        bytes.append(UInt8(ascii: "="))
        bytes += field.value.utf8
    }
}

/// A receipt over the bounds of what one receipt may carry (``ReceiptIntake/maxAnswers``,
/// ``ReceiptIntake/maxFieldBytes``); nothing of it was stored.
public struct ReceiptBoundsError: Error, LocalizedError, Sendable {
    public var message: String
    public var errorDescription: String? { message }
}
