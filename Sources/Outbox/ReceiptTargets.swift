import CEBMessages

/// The documents (and the messages carrying them) that one receipt transaction changes, read
/// and locked together up front, then kept current as each receipt is applied; what changed is
/// written at the end, a statement per 64 rows (``writeChanges(to:)``).
///
/// Reading them one receipt at a time would cost two round trips a receipt before anything is
/// written; on PostgreSQL, where every statement is a round trip, one receipt intake would then
/// limit several workers. Used inside the store's lock and one transaction only.
final class ReceiptTargets {
    struct Document {
        var type: CEBMessageType
        var customsStatus: String?
        var messageID: Int64
        var businessKey: String
        var orderNo: String
        /// Whether its message has ever been handed to a transport (claimed for sending at least
        /// once). Customs can only answer what it was sent; see ``SQLOutbox/apply(_:acceptanceRank:now:)``.
        var transmitted: Bool
    }

    private(set) var documents: [Int64: Document] = [:]
    /// Each carrying message's state, by message id (a message may carry several documents).
    private(set) var messageStates: [Int64: MessageState] = [:]
    /// The customs columns of changed documents (id, status, rank, info, at) and the state of
    /// changed messages (id, state, at), by id: the last change of a row is the one written.
    private var changedDocuments: [Int64: [SQLValue]] = [:]
    private var changedMessages: [Int64: [SQLValue]] = [:]

    /// Reads and locks (PostgreSQL) the documents `ids` and their messages, in id order so that
    /// two transactions locking overlapping sets do not wait on each other crosswise.
    func load(_ ids: Set<Int64>, from connection: any SQLDatabase, lockClause: String) throws(OutboxError) {
        let wanted: [SQLValue] = ids.filter { documents[$0] == nil }.sorted().map { .integer($0) }
        let rows = try connection.queryChunked(wanted) {
            """
            SELECT d.id, d.type, d.customs_status, d.message_id, d.business_key, d.order_no, m.state, m.attempts
            FROM documents d JOIN messages m ON m.id = d.message_id WHERE d.id IN (\($0)) ORDER BY d.id
            """ + lockClause
        }
        for row in rows {
            guard let id = row[0].int, let type = row[1].string.flatMap(CEBMessageType.init(rawValue:)), let messageID = row[3].int else {
                continue
            }
            documents[id] = Document(
                type: type, customsStatus: row[2].string, messageID: messageID, businessKey: row[4].string ?? "",
                orderNo: row[5].string ?? "",
                transmitted: (row[7].int ?? 0) > 0
            )
            // A message already here may have moved in this transaction, unwritten yet.
            if messageStates[messageID] == nil, let state = row[6].string.flatMap(MessageState.init(rawValue:)) {
                messageStates[messageID] = state
            }
        }
    }

    /// The document `id`, read (and locked) now if it was not loaded; nil when there is none.
    func document(_ id: Int64, from connection: any SQLDatabase, lockClause: String) throws(OutboxError) -> Document? {
        if documents[id] == nil { try load([id], from: connection, lockClause: lockClause) }
        return documents[id]
    }

    /// Counter changes this transaction makes itself (`kind` and `key` → how many more), when the
    /// per-row triggers are held back (SQLite: ``SQLOutbox/pauseCounting()``); nil while they count.
    var counterDeltas: [CounterKey: Int]?

    struct CounterKey: Hashable {
        var kind: String
        var key: String
    }

    func setCustomsStatus(_ status: String, rank: Int, info: String, of id: Int64, at stamp: Int64) {
        changedDocuments[id] = [.integer(id), .text(status), .integer(Int64(rank)), .text(info), .integer(stamp)]
        let old = documents[id]?.customsStatus ?? "none"
        if counterDeltas != nil, old != status {
            counterDeltas?[CounterKey(kind: "customs", key: old), default: 0] -= 1
            counterDeltas?[CounterKey(kind: "customs", key: status), default: 0] += 1
        }
        documents[id]?.customsStatus = status
    }

    func setMessageState(_ state: MessageState, of id: Int64, at stamp: Int64) {
        changedMessages[id] = [.integer(id), .text(state.rawValue), .integer(stamp)]
        if counterDeltas != nil, let old = messageStates[id], old != state {
            counterDeltas?[CounterKey(kind: "state", key: old.rawValue), default: 0] -= 1
            counterDeltas?[CounterKey(kind: "state", key: state.rawValue), default: 0] += 1
        }
        messageStates[id] = state
    }

    /// Writes every change made since the last call, in id order (the order rows are locked in).
    /// Before the counters are written back: the triggers would count these updates otherwise.
    /// Returns the order numbers of the orders, payments and waybills it changed, whose waiting
    /// inventories may now go (``SQLOutbox/wakeInventories(ofOrders:)``).
    @discardableResult
    func writeChanges(to connection: any SQLDatabase) throws(OutboxError) -> Set<String> {
        var orders = Set<String>()
        for id in changedDocuments.keys {
            guard let document = documents[id], [.ceb311, .ceb411, .ceb511].contains(document.type) else { continue }
            orders.insert(document.orderNo)
        }
        try connection.updateRows(
            "documents",
            columns: [("customs_status", "TEXT"), ("customs_rank", "BIGINT"), ("customs_info", "TEXT"), ("updated_at", "BIGINT")],
            rows: changedDocuments.keys.sorted().compactMap { changedDocuments[$0] }
        )
        // A message a receipt moves is no longer anyone's to send.
        try connection.updateRows(
            "messages", columns: [("state", "TEXT"), ("updated_at", "BIGINT")], also: "lease_owner = NULL, lease_until = NULL",
            rows: changedMessages.keys.sorted().compactMap { changedMessages[$0] }
        )
        changedDocuments = [:]
        changedMessages = [:]
        return orders
    }
}
