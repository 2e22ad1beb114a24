public import Adapters
import CEBMessages
public import Foundation
public import SchemaValidation

/// Records → documents → packed messages → schema-checked XML: the path every batch takes,
/// whether it ends in files (`swgate convert`) or in the outbox (`swgate submit`).
public struct ConversionPipeline {
    public let profile: EnterpriseProfile
    public let validator: SchemaValidator
    public let pack: Int
    public let now: Date

    public init(profile: EnterpriseProfile, validator: SchemaValidator, pack: Int = 1, now: Date = Date()) {
        self.profile = profile
        self.validator = validator
        self.pack = pack
        self.now = now
    }

    /// A message ready for the outbox or a file: its XML and the documents it carries.
    public struct Output: Sendable {
        public var packed: PackedMessage
        public var xml: Data
    }

    /// Converts `batch`, reporting to `log`, and hands each valid message to `sink`.
    ///
    /// Messages are still produced after an error is found, so that one run reports every
    /// problem; the caller must discard its output when `log.hasErrors`.
    public func run(_ batch: URL, log: IssueLog, sink: (Output) throws -> Void) throws {
        var packer = MessagePacker(limit: pack, profile: profile)
        let converter = BatchConverter(profile: profile, now: now)
        func emit(_ packed: PackedMessage) throws {
            let xml = packed.message.xmlData()
            let result = packed.messageType.requiresSignature ? validator.validateUnsigned(xml) : validator.validate(xml)
            for issue in result.issues {
                let record = packed.documents.map(\.record).joined(separator: ", ")
                log.report("schema.invalid", record: record, path: "\(packed.messageType.rawValue) line \(issue.line)", issue.message)
            }
            try sink(Output(packed: packed, xml: xml))
        }
        try converter.convert(batch, log: log) { document in
            if let packed = packer.add(document) { try emit(packed) }
        }
        for packed in packer.flush() { try emit(packed) }
    }
}
