public import Adapters
import CEBMessages
public import Foundation
public import SchemaValidation
public import Signing

/// Records → documents → packed messages → schema-checked XML: the path every batch takes,
/// whether it ends in files (`swgate convert`) or in the outbox (`swgate submit`).
public struct ConversionPipeline {
    public let profile: EnterpriseProfile
    public let validator: SchemaValidator
    public let pack: Int
    public let now: Date
    /// Signs CEB621/623/625 when given; otherwise they stay unsigned (to be signed at dispatch).
    public let signer: (any Signer)?

    public init(profile: EnterpriseProfile, validator: SchemaValidator, pack: Int = 1, now: Date = Date(), signer: (any Signer)? = nil) {
        self.profile = profile
        self.validator = validator
        self.pack = pack
        self.now = now
        self.signer = signer
    }

    /// A message ready for the outbox or a file: its XML and the documents it carries.
    public struct Output: Sendable {
        public var packed: PackedMessage
        public var xml: Data
    }

    /// Converts `batch`, reporting to `log`, and hands each message to `sink`, in batch order.
    ///
    /// Messages are still produced after an error is found, so that one run reports every
    /// problem; the caller must discard its output when `log.hasErrors`. Serialising and
    /// validating a chunk of messages runs on the other cores while the next chunk is converted.
    public func run(_ batch: URL, log: IssueLog, sink: (Output) throws -> Void) throws {
        var packer = MessagePacker(limit: pack, profile: profile)
        let converter = BatchConverter(profile: profile, now: now)
        var pending: [PackedMessage] = []
        var inFlight: (messages: [PackedMessage], work: ChunkWork)?
        func drain(_ chunk: (messages: [PackedMessage], work: ChunkWork)) throws {
            for (packed, result) in zip(chunk.messages, chunk.work.wait()) {
                for issue in result.issues {
                    let record = packed.documents.map(\.record).joined(separator: ", ")
                    let path = SchemaFieldPath.path(
                        record: SchemaFieldPath.prefix(ofRecords: packed.documents.map(\.record)), type: packed.messageType,
                        line: issue.line, message: issue.message
                    )
                    log.report("schema.invalid", record: record, path: path, issue.message)
                }
                try sink(Output(packed: packed, xml: result.xml))
            }
        }
        func ship() throws {
            guard !pending.isEmpty else { return }
            let work = ChunkWork(messages: pending, validator: validator, signer: signer)
            let shipped = pending
            pending = []
            if let previous = inFlight { try drain(previous) }
            inFlight = (shipped, work)
        }
        try converter.convert(batch, log: log) { document in
            if let packed = packer.add(document) {
                pending.append(packed)
                if pending.count >= Self.chunkSize { try ship() }
            }
        }
        pending.append(contentsOf: packer.flush())
        try ship()
        if let last = inFlight { try drain(last) }
    }

    static let chunkSize = 128
}
