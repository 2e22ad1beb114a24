import Adapters
import CEBMessages
import Foundation
import SchemaValidation
import Signing

/// The one serialise-and-validate stage of every path into messages — `convert`'s files,
/// `submit`'s outbox, and the content hashes `submit` takes of each document: one chunk of
/// messages serialised (and signed, when a signer is given), validated, and hashed, in the
/// background and spread over the cores, while the caller goes on converting.
final class ChunkWork: @unchecked Sendable {  // each result slot is written by one worker; wait() reads them after the group is done
    struct Result: Sendable {
        var xml: Data
        /// The schema's findings; empty when there was no validator.
        var issues: [ValidationIssue]
        /// The content hash (``Submission/contentHash(_:)``), when asked for.
        var hash: String?
    }

    private var results: [Result]
    private let group = DispatchGroup()
    private let lock = NSLock()

    /// Messages to render; `hashing` adds each one's content hash.
    convenience init(messages: [PackedMessage], validator: SchemaValidator?, signer: (any Signer)?, hashing: Bool = false) {
        self.init(count: messages.count, validator: validator, signer: signer, hashing: hashing) { messages[$0] }
    }

    /// Documents to render each as a message of its own, packed in the background too.
    convenience init(documents: [ConvertedDocument], packer: MessagePacker, validator: SchemaValidator?, hashing: Bool) {
        self.init(count: documents.count, validator: validator, signer: nil, hashing: hashing) { packer.pack([documents[$0]]) }
    }

    private init(
        count: Int, validator: SchemaValidator?, signer: (any Signer)?, hashing: Bool, message: @escaping @Sendable (Int) -> PackedMessage
    ) {
        results = Array(repeating: Result(xml: Data(), issues: []), count: count)
        group.enter()
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            DispatchQueue.concurrentPerform(iterations: count) { index in
                let result = Self.render(message(index), validator: validator, signer: signer, hashing: hashing)
                lock.withLock { results[index] = result }
            }
            group.leave()
        }
    }

    static func render(_ packed: PackedMessage, validator: SchemaValidator?, signer: (any Signer)?, hashing: Bool) -> Result {
        let bytes = packed.message.xmlBytes()
        let hash = hashing ? Submission.contentHash(bytes) : nil
        var xml = Data(bytes)
        guard let validator else { return Result(xml: xml, issues: [], hash: hash) }
        var issues: [ValidationIssue]
        if packed.messageType.requiresSignature, let signer {
            do {
                xml = try EnvelopedSignature.sign(xml, with: signer)
                issues = validator.validate(xml).issues
                let check = EnvelopedSignature.verify(xml)
                if !check.isValid {
                    issues.append(ValidationIssue(line: 0, message: "the new signature does not verify: \(check.reason)"))
                }
            } catch {
                issues = [ValidationIssue(line: 0, message: "signing failed: \(error.localizedDescription)")]
            }
        } else {
            issues = (packed.messageType.requiresSignature ? validator.validateUnsigned(xml) : validator.validate(xml)).issues
        }
        return Result(xml: xml, issues: issues, hash: hash)
    }

    /// Waits for the chunk and returns its results in message order.
    func wait() -> [Result] {
        group.wait()
        return lock.withLock { results }
    }
}
