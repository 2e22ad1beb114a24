public import Outbox

/// Which messages an operator's action on documents touches, decided before anything changes.
///
/// `retry` and `cancel` act on messages, but operators name documents (`list` shows them). A
/// message packed with several documents (`submit --pack N`) carries other orders' documents too:
/// acting on it for one of them would resend or withdraw the others, so that is refused unless the
/// operator says `--whole-message`.
public struct MessageSelection: Sendable, Hashable {
    /// One message and why it is (or is not) acted on.
    public struct Entry: Sendable, Hashable {
        public var messageID: Int64
        public var requested: [DocumentSummary]
        /// Documents the message also carries that the operator did not name.
        public var others: [DocumentSummary]
        public var allowed: Bool { others.isEmpty || wholeMessage }
        var wholeMessage: Bool
    }

    public var entries: [Entry]

    /// Groups `requested` documents by their message; `carried` gives every document of each message.
    public static func plan(requested: [DocumentSummary], carried: [Int64: [DocumentSummary]], wholeMessage: Bool) -> MessageSelection {
        var order: [Int64] = []
        var byMessage: [Int64: [DocumentSummary]] = [:]
        for document in requested where byMessage[document.messageID]?.contains(where: { $0.id == document.id }) != true {
            if byMessage[document.messageID] == nil { order.append(document.messageID) }
            byMessage[document.messageID, default: []].append(document)
        }
        let entries = order.map { messageID -> Entry in
            let named = Set(byMessage[messageID, default: []].map(\.id))
            let others = (carried[messageID] ?? []).filter { !named.contains($0.id) }
            return Entry(messageID: messageID, requested: byMessage[messageID] ?? [], others: others, wholeMessage: wholeMessage)
        }
        return MessageSelection(entries: entries)
    }

    /// The messages that may be acted on.
    public var allowedMessageIDs: [Int64] { entries.filter(\.allowed).map(\.messageID) }

    /// The messages refused because they carry documents nobody named.
    public var refused: [Entry] { entries.filter { !$0.allowed } }
}
