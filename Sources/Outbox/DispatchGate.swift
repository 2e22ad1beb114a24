/// When an inventory may be sent: its order, payment and waybill (those in the outbox) must have
/// reached `acceptanceRank` — customs refuses an inventory whose documents it has not seen.
public struct DispatchGate: Sendable, Hashable {
    public var acceptanceRank: Int

    public init(acceptanceRank: Int) {
        self.acceptanceRank = acceptanceRank
    }
}
