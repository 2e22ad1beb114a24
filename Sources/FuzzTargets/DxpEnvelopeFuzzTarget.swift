import CEBMessages
public import Foundation

/// A `DxpMsg` envelope from the national transport: unwrapped, its payload read as a receipt,
/// then wrapped again and re-read, which must give back the same payload.
public enum DxpEnvelopeFuzzTarget {
    public static func run(_ data: Data) -> FuzzOutcome {
        let envelope: DxpEnvelope
        do {
            envelope = try DxpEnvelope.parse(data)
        } catch {
            return .rejected(reason: error.localizedDescription)
        }
        let again: DxpEnvelope
        do {
            again = try DxpEnvelope.parse(envelope.xmlData())
        } catch {
            preconditionFailure("an envelope swgate wrote does not parse: \(error.localizedDescription)")
        }
        precondition(again.data == envelope.data, "the payload changed on a round trip")
        let payload = ReceiptFuzzTarget.run(envelope.data)
        switch payload {
        case .accepted(let items): return .accepted(items: 1 + items)
        case .rejected: return .accepted(items: 1)
        }
    }
}
