public import CEBMessages

/// What one customs answer does to its document and the message carrying it, decided as a value
/// with no database in sight; ``SQLOutbox`` performs it (writes the status, moves the message,
/// queues the notification).
///
/// The rules: tax bills (CEB816/818) never change a customs status; "already exists" after a
/// resend means an earlier transmission got through, not a failure; a status only moves forward
/// by customs' precedence; an error or a rejection moves the message to `rejected`, a status at or
/// past the acceptance rank to `acknowledged` (whatever the local state: a receipt may overtake the
/// reply); a final status or an error is told to the platform.
public struct ReceiptEffect: Sendable, Hashable {
    /// Why an answer changes nothing.
    public enum Ignored: Sendable, Hashable {
        case taxBill
        case alreadyExists
        case notNewer
    }

    /// The document's new customs status, or why it stays.
    public var status: Result<String, IgnoredReason>
    /// The message's next state, when it moves.
    public var messageState: MessageState?
    /// Whether the platform is told (a final status or an error).
    public var notify: Bool

    public struct IgnoredReason: Error, Sendable, Hashable {
        public var reason: Ignored
    }

    public var changesStatus: Bool {
        if case .success = status { return true }
        return false
    }

    public static func decide(
        documentType: CEBMessageType, currentStatus: String?, messageState: MessageState?, receiptType: CEBMessageType,
        receiptStatus: String, acceptanceRank: Int
    ) -> ReceiptEffect {
        func ignored(_ reason: Ignored) -> ReceiptEffect {
            ReceiptEffect(status: .failure(IgnoredReason(reason: reason)), messageState: nil, notify: false)
        }
        if receiptType == .ceb816 || receiptType == .ceb818 { return ignored(.taxBill) }
        if ErrorCatalogue.alreadyExistsCodes.contains(receiptStatus) { return ignored(.alreadyExists) }
        guard CustomsStatus.supersedes(receiptStatus, currentStatus) else { return ignored(.notNewer) }
        let isError = CustomsStatus.isError(receiptStatus)
        let event: MessageEvent? = isError ? .rejected : (CustomsStatus.rank(receiptStatus) >= acceptanceRank ? .accepted : nil)
        var next: MessageState?
        if let event, let state = messageState, let moved = MessageLifecycle.next(state, on: event), moved != state { next = moved }
        let finalFor = documentType.receiptType ?? receiptType
        return ReceiptEffect(
            status: .success(receiptStatus), messageState: next, notify: CustomsStatus.isFinal(receiptStatus, for: finalFor) || isError)
    }
}
