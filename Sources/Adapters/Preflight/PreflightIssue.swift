/// One problem found in a batch before anything is queued: which rule, where, and what to do.
public struct PreflightIssue: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A stable rule id (`order.paid-matches-payment`), usable in the profile's `rules` to switch it.
    public var rule: String
    public var severity: Severity
    /// The batch file.
    public var file: String
    /// The record: its index in the batch and its business key, e.g. `parcels[3] (order HT0001)`.
    public var record: String
    /// The JSON path of the offending field, e.g. `parcels[3].payment.amount`.
    public var path: String
    public var message: String

    public init(rule: String, severity: Severity, file: String, record: String, path: String, message: String) {
        self.rule = rule
        self.severity = severity
        self.file = file
        self.record = record
        self.path = path
        self.message = message
    }

    public var description: String {
        "\(file): \(record): \(path): \(severity.rawValue) [\(rule)] \(message)"
    }
}
