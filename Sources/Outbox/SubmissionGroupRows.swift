import CEBMessages
import Foundation

/// The ids and constants a submission's groups of rows share.
struct SubmissionRows: Sendable {
    let file: String
    let batchID: Int64
    let stamp: Int64
    var nextMessageID: Int64
    var nextDocumentID: Int64
}

/// One group of a submission's messages as the rows that insert it. Built away from the
/// transaction's thread where it can be (the spill's read-ahead thread builds the next group while
/// the transaction inserts this one), so that the thread holding the write lock binds and inserts.
struct SubmissionGroupRows: Sendable {
    /// A modification (appType 2): it takes over its document's row, or — should that row be gone —
    /// goes in as a new document under the id set aside for it.
    struct Amendment: Sendable {
        let messageID: Int64
        let documentID: Int64
        let document: SubmissionDocument
    }

    let messages: [SubmissionMessage]
    /// Where this group's ids start: a group built again from some of its messages takes ids from here.
    let firstMessageID: Int64
    let firstDocumentID: Int64
    var payloads: [[SQLValue]] = []
    var messageRows: [[SQLValue]] = []
    var audit: [[SQLValue]] = []
    var documents: [[SQLValue]] = []
    var keys: [[SQLValue]] = []
    var purchases: [[SQLValue]] = []
    var withholdings: [[SQLValue]] = []
    var facts: [[SQLValue]] = []
    var amendments: [Amendment] = []
    /// Documents whose key an expired earlier document gives up (``SubmissionDocument/retiresExpired``).
    var retiring: [DocumentKey] = []
    /// The group's messages by type, for the counters (``SQLOutbox/insertGroup(_:stamp:now:)``).
    var messagesByType: [CEBMessageType: Int] = [:]
    /// Hashes of the payloads staged before the transaction, which must still be there.
    var staged: Set<String> = []

    /// The rows of `messages`, with ids taken from `writer`.
    init(_ messages: [SubmissionMessage], writer: inout SubmissionRows) {
        self.messages = messages
        firstMessageID = writer.nextMessageID
        firstDocumentID = writer.nextDocumentID
        messageRows.reserveCapacity(messages.count)
        audit.reserveCapacity(messages.count)
        documents.reserveCapacity(messages.count)
        let stamp = writer.stamp
        let reason = SQLValue.text("submitted from \(writer.file)")
        for message in messages {
            let hash = SQLValue.text(message.payloadHash)
            let messageID = writer.nextMessageID
            writer.nextMessageID += 1
            if let xml = message.xml {
                payloads.append([hash, .blob(xml)])
            } else {
                staged.insert(message.payloadHash)
            }
            messageRows.append([
                .integer(messageID), .text(message.guid), .text(message.type.rawValue), .text(SQLOutbox.schemaVersion), hash,
                .text(MessageState.queued.rawValue), .integer(writer.batchID), .integer(stamp), .integer(stamp),
            ])
            audit.append([.integer(stamp), .text("message"), .integer(messageID), .text(MessageState.queued.rawValue), reason])
            messagesByType[message.type, default: 0] += 1
            for document in message.documents {
                if document.retiresExpired { retiring.append(document.key) }
                let documentID = writer.nextDocumentID
                writer.nextDocumentID += 1
                if document.appType == "2" {
                    amendments.append(Amendment(messageID: messageID, documentID: documentID, document: document))
                } else {
                    addDocument(document, id: documentID, messageID: messageID, stamp: stamp)
                }
            }
        }
    }

    /// Adds the rows of a new document: the document, its lookup keys, and what it carries for
    /// the tax ledger, announcement 179 and the annual limit.
    mutating func addDocument(_ document: SubmissionDocument, id documentID: Int64, messageID: Int64, stamp: Int64) {
        documents.append([
            .integer(documentID), .text(document.key.type.rawValue), .text(document.key.businessKey), .text(document.orderNo),
            .text(document.guid), .text(document.contentHash), .text(document.appType), .integer(messageID), .text(document.record),
            .integer(stamp), .integer(stamp),
        ])
        for key in document.lookupKeys where SQLOutbox.ownBusinessKey(key) == nil {
            keys.append([.text(key), .integer(documentID)])
        }
        if let withheld = document.withheldTax {
            withholdings.append([.integer(documentID), .text(document.orderNo), .text(withheld.description)])
        }
        if let facts = document.platformFacts {
            self.facts.append([.integer(documentID), .text(document.paymentKey), .text(facts)])
        }
        if let purchase = document.purchase {
            purchases.append([.integer(documentID), .text(purchase.buyer), .integer(Int64(purchase.year)), .integer(purchase.fen)])
        }
    }
}
