import Adapters
import CEBMessages
import Foundation
import SchemaValidation

/// Each converted document serialised as a message of its own, hashed, and (optionally)
/// validated on the other cores while the batch is still being converted.
///
/// Converting runs on one core; serialising, hashing and validating (``ChunkWork``) run on the
/// others meanwhile, so that no core idles for the length of the conversion. Documents are handed
/// over as they come, 256 at a time; ``finish()`` waits for the last chunk and returns
/// the results in the order documents were added. When each message carries one document (the
/// default), the message to enqueue is this very XML, already validated.
final class DocumentPreparation {  // used from the converting thread only; the chunks do their work in the background
    struct Prepared: Sendable {
        var hash: String
        var xml: Data
        /// The schema's findings, when validating was asked for.
        var issues: [ValidationIssue]?
    }

    private let packer: MessagePacker
    private let validator: SchemaValidator?
    private var pending: [ConvertedDocument] = []
    private var chunks: [ChunkWork] = []

    static let chunkSize = 256

    init(profile: EnterpriseProfile, validator: SchemaValidator?) {
        packer = MessagePacker(limit: 1, profile: profile)
        self.validator = validator
    }

    /// Takes the next document.
    func add(_ document: ConvertedDocument) {
        pending.append(document)
        if pending.count >= Self.chunkSize { ship() }
    }

    /// Waits for every chunk and returns one result per document added, in order.
    func finish() -> [Prepared] {
        seal().wait()
    }

    /// Hands the last documents over and returns the work under way, to be waited for on
    /// another thread: the converting thread goes on with the next documents while these are
    /// still being validated. The preparation starts afresh.
    func seal() -> Sealed {
        ship()
        let sealed = Sealed(chunks: chunks, validated: validator != nil)
        chunks = []
        return sealed
    }

    /// The work a preparation handed over, waited for on any thread.
    struct Sealed: Sendable {
        fileprivate let chunks: [ChunkWork]
        fileprivate let validated: Bool

        /// Waits for every chunk and returns one result per document, in the order added.
        func wait() -> [Prepared] {
            chunks.flatMap { $0.wait() }.map { Prepared(hash: $0.hash ?? "", xml: $0.xml, issues: validated ? $0.issues : nil) }
        }
    }

    private func ship() {
        guard !pending.isEmpty else { return }
        chunks.append(ChunkWork(documents: pending, packer: packer, validator: validator, hashing: true))
        pending = []
    }
}
