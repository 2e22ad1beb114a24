import Foundation

/// Collects every finding of one conversion run, applying the profile's rule settings.
public final class IssueLog: @unchecked Sendable {  // `recorded` and `errors` are read and written under `lock`
    private let lock = NSLock()
    private var recorded: [PreflightIssue] = []
    private var errors = 0
    public let file: String
    let rules: RuleSettings

    public init(file: String, rules: RuleSettings = RuleSettings()) {
        self.file = file
        self.rules = rules
    }

    /// What was reported, in order. A submission's chunks are checked on a thread of their own
    /// while the next is converted, so the log is shared between two threads.
    public var issues: [PreflightIssue] { lock.withLock { recorded } }

    public func report(_ rule: String, _ severity: Severity = .error, record: String, path: String, _ message: String) {
        let effective = RuleSettings.structural.contains(rule) ? severity : rules.severity(of: rule, default: severity)
        guard let effective else { return }
        let issue = PreflightIssue(rule: rule, severity: effective, file: file, record: record, path: path, message: message)
        lock.withLock {
            recorded.append(issue)
            if effective == .error { errors += 1 }
        }
    }

    /// Kept as issues are reported: asked once a document while a batch is converted.
    public var errorCount: Int { lock.withLock { errors } }
    public var hasErrors: Bool { errorCount > 0 }
}
