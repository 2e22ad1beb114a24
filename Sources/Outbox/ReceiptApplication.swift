/// What applying a receipt did.
public enum ReceiptApplication: Sendable, Hashable {
    /// Applied to a document; `changed` when its status moved.
    case applied(documentID: Int64, changed: Bool)
    /// The same answer was seen before.
    case duplicate
    /// No document matches yet; kept and applied when its document appears.
    case unmatched
    /// Its document exists but was never sent: customs cannot have answered it, so the answer
    /// is kept unapplied (forged, or from another system) and expires with the unmatched ones.
    case notYetSent(documentID: Int64)
}
