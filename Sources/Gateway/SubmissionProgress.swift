/// Where a submission is, for a live view: the phase, how far it is, and of how much.
public struct SubmissionProgress: Sendable, Hashable {
    /// The phases in the order they run.
    public enum Phase: String, Sendable, Hashable, CaseIterable {
        /// The batch's records are counted (JSON Lines; a JSON document is read as it is converted).
        case read
        /// Records are checked by the preflight rules and converted into documents.
        case convert
        /// The documents are validated against the customs schemas and compared with the outbox.
        case check
        /// The new messages are written to the outbox in one transaction.
        case store

        /// 1-based position, for "[2/4]".
        public var number: Int { (Self.allCases.firstIndex(of: self) ?? 0) + 1 }
    }

    public var phase: Phase
    public var done: Int
    /// Nil when not known in advance (the records of a JSON document).
    public var total: Int?
    /// What is counted: records or documents.
    public var unit: String

    public init(phase: Phase, done: Int, total: Int?, unit: String) {
        self.phase = phase
        self.done = done
        self.total = total
        self.unit = unit
    }
}
