public import CEBMessages
public import Foundation

/// How long a delivered document may go without news from customs before an operator should look.
///
/// Orders, payments and waybills are usually answered within minutes; an inventory waits for
/// release (800), which can take hours. The clock restarts at every customs status.
public struct ReceiptDeadlines: Sendable, Hashable {
    public var byType: [CEBMessageType: TimeInterval]
    public var fallback: TimeInterval

    public init(byType: [CEBMessageType: TimeInterval] = [.ceb621: 4 * 3600], fallback: TimeInterval = 3600) {
        self.byType = byType
        self.fallback = fallback
    }

    public func deadline(for type: CEBMessageType) -> TimeInterval {
        byType[type] ?? fallback
    }
}
