import Adapters
import CEBMessages
import Foundation
import SchemaValidation

/// Each converted document serialised as a message of its own, hashed, and (optionally)
/// validated on the other cores while the batch is still being converted.
///
/// Converting runs on one core; serialising, hashing and validating run on the others meanwhile,
/// so that no core idles for the length of the conversion. Documents are handed over as they
/// come, 256 at a time; ``finish()`` waits for the last chunk and returns
/// the results in the order documents were added. When each message carries one document (the
/// default), the message to enqueue is this very XML, already validated.
final class DocumentPreparation: @unchecked Sendable {  // `pending` and the results under `lock`; chunks joined through `group`
    struct Prepared: Sendable {
        var hash: String
        var xml: Data
        /// The schema's findings, when validating was asked for.
        var issues: [ValidationIssue]?
    }

    private let packer: MessagePacker
    private let validator: SchemaValidator?
    private let group = DispatchGroup()
    private let lock = NSLock()
    private var pending: [ConvertedDocument] = []
    private var chunks: [[Prepared]] = []

    static let chunkSize = 256

    init(profile: EnterpriseProfile, validator: SchemaValidator?) {
        packer = MessagePacker(limit: 1, profile: profile)
        self.validator = validator
    }

    /// Takes the next document (on the converting thread).
    func add(_ document: ConvertedDocument) {
        pending.append(document)
        if pending.count >= Self.chunkSize { ship() }
    }

    /// Waits for every chunk and returns one result per document added, in order.
    func finish() -> [Prepared] {
        ship()
        group.wait()
        return lock.withLock { chunks.flatMap { $0 } }
    }

    private func ship() {
        guard !pending.isEmpty else { return }
        let documents = pending
        pending = []
        let slot = lock.withLock {
            chunks.append([])
            return chunks.count - 1
        }
        let packer = packer
        let validator = validator
        group.enter()
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let prepared = documents.map { document -> Prepared in
                let message = packer.pack([document]).message
                let text = message.xmlString()
                let xml = Data(text.utf8)
                let issues = validator.map { validator in
                    document.messageType.requiresSignature ? validator.validateUnsigned(xml).issues : validator.validate(xml).issues
                }
                return Prepared(hash: Submission.contentHash(text), xml: xml, issues: issues)
            }
            lock.withLock { chunks[slot] = prepared }
            group.leave()
        }
    }
}
