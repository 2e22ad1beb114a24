import CEBMessages
import Foundation

/// Finding the document a customs answer is about: by the guid it echoes, or by its business keys.
extension SQLOutbox {
    /// Which of `receipts` are stored already (their content hashes). Called inside the
    /// receipt transaction, after ``serialize(_:)``: no other intake writes meanwhile.
    func storedReceiptHashes(_ receipts: [IncomingReceipt]) throws(OutboxError) -> Set<String> {
        // Each answer is looked for under its time and, while any row has none, under no time
        // too: rows stored before times were kept (migration 16, or a swgate of before it still
        // writing to the outbox) have none. The same hash under another time cannot exist,
        // since the time is part of what is hashed.
        let untimedStored = !(try connection.query("SELECT 1 FROM receipts WHERE return_time = '' LIMIT 1")).isEmpty
        var keys = Set<ReceiptKey>(minimumCapacity: receipts.count * 2)
        for receipt in receipts {
            keys.insert(ReceiptKey(time: receipt.returnTime, hash: receipt.contentHash))
            if untimedStored, !receipt.returnTime.isEmpty { keys.insert(ReceiptKey(time: "", hash: receipt.contentHash)) }
        }
        var values: [SQLValue] = []
        values.reserveCapacity(keys.count * 2)
        for key in keys { values += [.text(key.time), .text(key.hash)] }
        var seen = Set<String>()
        for chunk in SQLInList.chunks(values, itemWidth: 2) {
            for row in try connection.query(Self.storedReceiptsQuery(pairs: chunk.count / 2), chunk) {
                if let hash = row.first?.string { seen.insert(hash) }
            }
        }
        return seen
    }

    /// The hashes stored under any of `pairs` (time, hash) pairs. A row-value `IN` over the
    /// pairs seeks the index once per pair; two `IN` lists would seek every combination of a
    /// time and a hash, and `IN (VALUES …)` directly makes SQLite scan the table.
    static func storedReceiptsQuery(pairs: Int) -> String {
        let list = Array(repeating: "(?, ?)", count: pairs).joined(separator: ", ")
        return
            "SELECT content_sha256 FROM receipts WHERE (return_time, content_sha256) IN (SELECT column1, column2 FROM (VALUES \(list)) AS wanted)"
    }

    /// The at-most-once key of a stored answer.
    private struct ReceiptKey: Hashable {
        let time: String
        let hash: String
    }

    /// The document each of `guids` names (the first, should several share one), in one query per 500.
    func documentsByGuid(_ guids: Set<String>) throws(OutboxError) -> [String: Int64] {
        var found: [String: Int64] = [:]
        // In no particular order: SQLite sorts an IN list itself.
        let wanted: [SQLValue] = guids.filter { !$0.isEmpty }.map { .text($0) }
        for row in try connection.queryChunked(wanted, { "SELECT guid, MIN(id) FROM documents WHERE guid IN (\($0)) GROUP BY guid" }) {
            if let guid = row[0].string, let id = row[1].int { found[guid] = id }
        }
        return found
    }

    /// Documents by their own business key, for the lookup keys of `keys` that are one
    /// (`CEB311|ebpCode:orderNo`…): which keys were looked up, and what each found.
    func documentsByOwnKey(_ keys: Set<String>) throws(OutboxError) -> KnownKeys {
        var known = KnownKeys()
        var byType: [String: [String: String]] = [:]
        for key in keys {
            guard let own = Self.ownBusinessKey(key) else { continue }
            byType[own.type, default: [:]][own.businessKey] = key
            known.looked.insert(key)
        }
        for (type, wanted) in byType {
            let rows = try connection.queryChunked(wanted.keys.map { .text($0) }, leading: [.text(type)]) {
                "SELECT business_key, id FROM documents WHERE type = ? AND business_key IN (\($0))"
            }
            for row in rows {
                if let businessKey = row[0].string, let id = row[1].int, let key = wanted[businessKey] { known.found[key] = id }
            }
        }
        return known
    }

    /// Lookup keys already resolved for a transaction (``documentsByOwnKey(_:)``).
    struct KnownKeys {
        var looked: Set<String> = []
        var found: [String: Int64] = [:]
    }

    func findDocument(guid: String?, keys: [String], known: KnownKeys = KnownKeys()) throws(OutboxError) -> Int64? {
        if let guid, !guid.isEmpty,
            let id = try connection.query("SELECT MIN(id) FROM documents WHERE guid = ?", [.text(guid)]).first?.first?.int
        {
            return id
        }
        for key in keys {
            if key.hasPrefix("transmission|") {
                let transmission = String(key.dropFirst("transmission|".count))
                if let id = try connection.query(
                    "SELECT d.id FROM attempts a JOIN documents d ON d.message_id = a.message_id WHERE a.transmission_id = ? LIMIT 1",
                    [.text(transmission)]
                ).first?.first?.int {
                    return id
                }
                continue
            }
            if known.looked.contains(key) {
                if let id = known.found[key] { return id }
            } else if let own = Self.ownBusinessKey(key),
                let id = try connection.query(
                    "SELECT id FROM documents WHERE type = ? AND business_key = ?", [.text(own.type), .text(own.businessKey)]
                ).first?.first?.int
            {
                return id
            }
            if let id = try connection.query("SELECT document_id FROM document_keys WHERE key = ? LIMIT 1", [.text(key)]).first?.first?.int
            {
                return id
            }
        }
        return nil
    }

    /// Orders, payments and waybills are found by their business key, which the documents table
    /// already holds under a unique index: their lookup key (`CEB311|ebpCode:orderNo`…) needs no
    /// row of its own in `document_keys` (outboxes written before have one; both are looked at).
    static func ownBusinessKey(_ key: String) -> (type: String, businessKey: String)? {
        guard key.utf8.count > 7, key.hasPrefix("CEB") else { return nil }
        let prefix = key.prefix(7)
        let type: CEBMessageType
        switch prefix {
        case "CEB311|": type = .ceb311
        case "CEB411|": type = .ceb411
        case "CEB511|": type = .ceb511
        case "CEB513|": type = .ceb513
        default: return nil
        }
        return (type.rawValue, String(key.dropFirst(7)))
    }
}
