import Foundation

/// How long the simulator keeps a receipt: customs' single window does not keep every answer for
/// ever, and neither should a simulator left running for days.
extension SimulatedCustoms {
    /// Forgets the receipts that fell due more than ``SimulatorConfiguration/receiptRetention``
    /// before `now`: a run of them from the oldest, so that the ids kept stay consecutive (see
    /// ``due(after:limit:now:)``). A poller further behind than that starts at the oldest kept.
    func dropExpiredReceipts(now: Date) {
        let cutoff = now.addingTimeInterval(-configuration.receiptRetention)
        let expired = receipts.prefix { $0.due < cutoff }.count
        if expired > 0 { receipts.removeFirst(expired) }
    }
}
