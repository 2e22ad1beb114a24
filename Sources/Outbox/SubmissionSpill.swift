import CEBMessages
import Foundation

/// A large batch's new messages — their identifying fields, the payloads being staged in the
/// outbox — written to a file as each chunk is checked, and read back a group at a time by the
/// batch's one transaction: memory holds a chunk, whatever the size of the batch.
///
/// The file is the caller's own (created owner-only in a private temporary folder) and removed
/// with ``remove()``; it holds business keys and order numbers, never identity numbers (a
/// purchase carries its buyer's hash).
public final class SubmissionSpill {
    private let url: URL
    private let handle: FileHandle
    private var pending = ""
    public private(set) var messageCount = 0
    public private(set) var documentCount = 0

    public init() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("swgate-submit-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        url = folder.appendingPathComponent("messages.tsv")
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
        }
        handle = try FileHandle(forWritingTo: url)
    }

    /// Adds messages (their payloads staged already).
    public func append(_ messages: [SubmissionMessage]) throws {
        for message in messages {
            pending += Self.line(["M", message.guid, message.type.rawValue, message.payloadHash, String(message.documents.count)])
            for document in message.documents {
                pending += Self.line([
                    "D", document.key.type.rawValue, document.key.businessKey, document.orderNo, document.guid, document.contentHash,
                    document.appType, document.record, document.lookupKeys.joined(separator: "\u{1F}"), document.purchase?.buyer ?? "",
                    document.purchase.map { String($0.year) } ?? "", document.purchase.map { String($0.fen) } ?? "",
                    document.withheldTax?.description ?? "", document.retiresExpired ? "1" : "0", document.paymentKey,
                    document.platformFacts ?? "",
                ])
            }
            messageCount += 1
            documentCount += message.documents.count
        }
        if pending.utf8.count >= 1 << 20 { try flush() }
    }

    /// Reads the messages back in order, `size` at a time.
    public func forEachGroup(of size: Int, _ body: ([SubmissionMessage]) throws -> Void) throws {
        try flush()
        let reader = try FileHandle(forReadingFrom: url)
        defer { try? reader.close() }
        var group: [SubmissionMessage] = []
        var current: SubmissionMessage?
        var carry: [UInt8] = []
        func take(_ fields: [String]) throws {
            if fields.first == "M", fields.count == 5, let type = CEBMessageType(rawValue: fields[2]) {
                if let done = current { group.append(done) }
                if group.count >= size {
                    try body(group)
                    group = []
                }
                current = SubmissionMessage(guid: fields[1], type: type, payloadHash: fields[3], documents: [])
            } else if fields.first == "D", fields.count == 16, let type = CEBMessageType(rawValue: fields[1]) {
                var document = SubmissionDocument(
                    key: DocumentKey(type: type, businessKey: fields[2]), orderNo: fields[3], guid: fields[4], contentHash: fields[5],
                    appType: fields[6], record: fields[7],
                    lookupKeys: fields[8].isEmpty
                        ? [] : fields[8].split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init))
                if !fields[9].isEmpty, let year = Int(fields[10]), let fen = Int64(fields[11]) {
                    document.purchase = Purchase(buyer: fields[9], year: year, fen: fen)
                }
                document.withheldTax = fields[12].isEmpty ? nil : Decimal(string: fields[12])
                document.retiresExpired = fields[13] == "1"
                document.paymentKey = fields[14]
                document.platformFacts = fields[15].isEmpty ? nil : fields[15]
                current?.documents.append(document)
            } else {
                throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: url.path])
            }
        }
        while let chunk = try reader.read(upToCount: 1 << 20), !chunk.isEmpty {
            carry.append(contentsOf: chunk)
            var lineStart = 0
            var fields: [String] = []
            var fieldStart = 0
            for index in carry.indices {
                switch carry[index] {
                case 0x09:
                    fields.append(Self.field(carry[fieldStart..<index]))
                    fieldStart = index + 1
                case 0x0A:
                    fields.append(Self.field(carry[fieldStart..<index]))
                    try take(fields)
                    fields.removeAll(keepingCapacity: true)
                    lineStart = index + 1
                    fieldStart = lineStart
                default:
                    continue
                }
            }
            carry.removeFirst(lineStart)
        }
        if let done = current { group.append(done) }
        if !group.isEmpty { try body(group) }
    }

    private static func field(_ bytes: ArraySlice<UInt8>) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return bytes.contains(0x5C) ? unescaped(Substring(text)) : text
    }

    /// Deletes the file and its folder.
    public func remove() {
        try? handle.close()
        try? FileManager.default.removeItem(at: url.deletingLastPathComponent())
    }

    private func flush() throws {
        guard !pending.isEmpty else { return }
        try handle.write(contentsOf: Data(pending.utf8))
        pending = ""
    }

    private static func line(_ fields: [String]) -> String {
        fields.map(escaped).joined(separator: "\t") + "\n"
    }

    private static func escaped(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return text }
        return text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
    }

    private static func unescaped(_ field: Substring) -> String {
        guard field.contains("\\") else { return String(field) }
        var out = ""
        var escaping = false
        for character in field {
            if escaping {
                switch character {
                case "t": out.append("\t")
                case "n": out.append("\n")
                case "r": out.append("\r")
                default: out.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.append(character)
            }
        }
        return out
    }
}
