import CEBMessages
import Foundation
import ThreadSupport

/// A large batch's new messages — their identifying fields, the payloads being staged in the
/// outbox — written to a file as each chunk is checked, and read back a group at a time by the
/// batch's one transaction: memory holds a chunk, whatever the size of the batch.
///
/// Each record is length-prefixed, its fields too, so no field is escaped or scanned. The file is
/// created owner-only in a private temporary folder, opened for writing and for reading, and
/// unlinked at once: only the open handles reach it, so nothing is left behind even
/// when the process is killed. It holds business keys and order numbers, never identity numbers
/// (a purchase carries its buyer's hash).
public final class SubmissionSpill {
    private let handle: FileHandle
    private let reader: FileHandle
    private var pending: [UInt8] = []
    public private(set) var messageCount = 0
    public private(set) var documentCount = 0

    public init() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("swgate-submit-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("messages.spill")
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
        }
        handle = try FileHandle(forWritingTo: url)
        reader = try FileHandle(forReadingFrom: url)
    }

    /// Adds messages (their payloads staged already).
    public func append(_ messages: [SubmissionMessage]) throws {
        for message in messages {
            Self.record(into: &pending, [message.guid, message.type.rawValue, message.payloadHash, String(message.documents.count)])
            for document in message.documents {
                Self.record(
                    into: &pending,
                    [
                        document.key.type.rawValue, document.key.businessKey, document.orderNo, document.guid, document.contentHash,
                        document.appType, document.record, document.lookupKeys.joined(separator: "\u{1F}"), document.purchase?.buyer ?? "",
                        document.purchase.map { String($0.year) } ?? "", document.purchase.map { String($0.fen) } ?? "",
                        document.withheldTax?.description ?? "", document.retiresExpired ? "1" : "0", document.paymentKey,
                        document.platformFacts ?? "",
                    ])
            }
            messageCount += 1
            documentCount += message.documents.count
        }
        if pending.count >= 1 << 20 { try flush() }
    }

    /// Reads the messages back in order, `size` at a time. The file is decoded on a thread of
    /// its own one group ahead of `body` (see ``GroupReadAhead``): the batch's transaction inserts
    /// one group while the next is read, instead of one core doing both in turn.
    public func forEachGroup(of size: Int, _ body: ([SubmissionMessage]) throws -> Void) throws {
        try forEachGroup(of: size, state: (), prepare: { group, _ in group }, body)
    }

    /// Reads the messages back in order, `size` at a time, each group turned by `prepare` (with
    /// `state`, which it carries from group to group) on the reading thread into what `body`
    /// takes. What `body` is done with is freed on that thread too.
    func forEachGroup<State: Sendable, Prepared: Sendable>(
        of size: Int, state: State, prepare: @escaping @Sendable ([SubmissionMessage], inout State) -> Prepared,
        _ body: (Prepared) throws -> Void
    ) throws {
        try flush()
        try reader.seek(toOffset: 0)
        let ahead = GroupReadAhead<Prepared>()
        let reader = reader
        NamedThread.start("swgate-spill") {
            var state = state
            ahead.finish(Result { try Self.decode(reader, groupsOf: size) { group in try ahead.put(prepare(group, &state)) } })
        }
        defer { ahead.stop() }
        while let group = try ahead.take() {
            try body(group)
            ahead.giveBack(consume group)
        }
    }

    /// Decodes the file from where `reader` stands, handing each group of `size` messages to `emit`.
    private static func decode(_ reader: FileHandle, groupsOf size: Int, emit: ([SubmissionMessage]) throws -> Void) throws {
        var group: [SubmissionMessage] = []
        var current: SubmissionMessage?
        var documentsLeft = 0
        func take(_ fields: [String]) throws {
            if documentsLeft == 0 {
                guard fields.count == 4, let type = CEBMessageType(rawValue: fields[1]), let count = Int(fields[3]) else {
                    throw Self.corrupt
                }
                current = SubmissionMessage(guid: fields[0], type: type, payloadHash: fields[2], documents: [])
                current?.documents.reserveCapacity(count)
                documentsLeft = count
            } else {
                guard fields.count == 15, let type = CEBMessageType(rawValue: fields[0]) else { throw Self.corrupt }
                var document = SubmissionDocument(
                    key: DocumentKey(type: type, businessKey: fields[1]), orderNo: fields[2], guid: fields[3], contentHash: fields[4],
                    appType: fields[5], record: fields[6],
                    lookupKeys: fields[7].isEmpty
                        ? [] : fields[7].utf8.split(separator: 0x1F, omittingEmptySubsequences: false).map { String(Substring($0)) })
                if !fields[8].isEmpty, let year = Int(fields[9]), let fen = Int64(fields[10]) {
                    document.purchase = Purchase(buyer: fields[8], year: year, fen: fen)
                }
                document.withheldTax = fields[11].isEmpty ? nil : Decimal(string: fields[11])
                document.retiresExpired = fields[12] == "1"
                document.paymentKey = fields[13]
                document.platformFacts = fields[14].isEmpty ? nil : fields[14]
                current?.documents.append(document)
                documentsLeft -= 1
            }
            if documentsLeft == 0, let done = current {
                group.append(done)
                current = nil
                if group.count >= size {
                    try emit(group)
                    group = []
                }
            }
        }
        var carry: [UInt8] = []
        var fields: [String] = []
        while let chunk = try reader.read(upToCount: 1 << 20), !chunk.isEmpty {
            carry.append(contentsOf: chunk)
            let used = try carry.withUnsafeBufferPointer { bytes -> Int in
                var offset = 0
                // A record: its length (4 bytes), then its fields, each a length (4 bytes) and UTF-8.
                while let length = Self.length(bytes, at: offset), offset + 4 + length <= bytes.count {
                    var field = offset + 4
                    let end = field + length
                    fields.removeAll(keepingCapacity: true)
                    while field < end {
                        guard let count = Self.length(bytes, at: field), field + 4 + count <= end else { throw Self.corrupt }
                        fields.append(
                            String(decoding: UnsafeBufferPointer(rebasing: bytes[(field + 4)..<(field + 4 + count)]), as: UTF8.self))
                        field += 4 + count
                    }
                    try take(fields)
                    offset = end
                }
                return offset
            }
            carry.removeFirst(used)
        }
        guard carry.isEmpty, current == nil else { throw Self.corrupt }
        if !group.isEmpty { try emit(group) }
    }

    /// Closes the file; the system frees it with its last handle.
    public func remove() {
        try? handle.close()
        try? reader.close()
    }

    private static let corrupt = CocoaError(
        .fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "the submission's spill file is corrupt"])

    private func flush() throws {
        guard !pending.isEmpty else { return }
        try handle.write(contentsOf: pending)
        pending.removeAll(keepingCapacity: true)
    }

    /// Appends one record: its fields length-prefixed, so that no byte of a field needs escaping.
    private static func record(into buffer: inout [UInt8], _ fields: [String]) {
        let start = buffer.count
        appendLength(0, to: &buffer)
        for field in fields {
            appendLength(field.utf8.count, to: &buffer)
            buffer.append(contentsOf: field.utf8)
        }
        let length = UInt32(buffer.count - start - 4)
        for index in 0..<4 { buffer[start + index] = UInt8(truncatingIfNeeded: length >> (8 * UInt32(index))) }
    }

    private static func appendLength(_ length: Int, to buffer: inout [UInt8]) {
        let value = UInt32(length)
        for index in 0..<4 { buffer.append(UInt8(truncatingIfNeeded: value >> (8 * UInt32(index)))) }
    }

    private static func length(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int? {
        guard offset + 4 <= bytes.count else { return nil }
        var value = 0
        for index in 0..<4 { value |= Int(bytes[offset + index]) << (8 * index) }
        return value
    }
}
