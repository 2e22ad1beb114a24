public import Adapters
import CEBMessages
public import Foundation

/// A platform's batch bytes, JSON or JSON Lines, through the records decoder, every preflight
/// rule and the message writer — what `swgate convert` and `swgate submit` do before the outbox.
public struct RecordsFuzzTarget: Sendable {
    public let profile: EnterpriseProfile
    let now: Date

    public init(profile: EnterpriseProfile) {
        self.profile = profile
        // A fixed clock, so that an input behaves the same on every run.
        now = Date(timeIntervalSince1970: 1_795_000_000)
    }

    public func run(_ data: Data) -> FuzzOutcome {
        // A compact object first (`{"…`) reads as JSON Lines, anything else as one JSON batch, so
        // the seeds of both layouts keep theirs and the fuzzer reaches both readers.
        let compact = data.count > 1 && data[data.startIndex] == UInt8(ascii: "{") && data[data.startIndex + 1] == UInt8(ascii: "\"")
        let layout: BatchReader.Layout = compact ? .jsonLines : .json
        let log = IssueLog(file: "fuzz-input")
        var packer = MessagePacker(limit: 2, profile: profile)
        var written = 0
        do {
            try BatchConverter(profile: profile, now: now).convert(BatchReader(data: data, layout: layout, log: log), log: log) {
                document in
                if let packed = packer.add(document) { written += packed.message.xmlData().isEmpty ? 0 : 1 }
            }
            for packed in packer.flush() { written += packed.message.xmlData().isEmpty ? 0 : 1 }
        } catch {
            return .rejected(reason: error.localizedDescription)
        }
        if log.hasErrors { return .rejected(reason: log.issues.first { $0.severity == .error }?.message ?? "") }
        return .accepted(items: written)
    }
}
