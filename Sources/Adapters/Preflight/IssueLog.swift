/// Collects every finding of one conversion run, applying the profile's rule settings.
public final class IssueLog {
    public private(set) var issues: [PreflightIssue] = []
    public let file: String
    let rules: RuleSettings

    public init(file: String, rules: RuleSettings = RuleSettings()) {
        self.file = file
        self.rules = rules
    }

    public func report(_ rule: String, _ severity: Severity = .error, record: String, path: String, _ message: String) {
        let effective = RuleSettings.structural.contains(rule) ? severity : rules.severity(of: rule, default: severity)
        guard let effective else { return }
        issues.append(PreflightIssue(rule: rule, severity: effective, file: file, record: record, path: path, message: message))
    }

    public var errorCount: Int { issues.filter { $0.severity == .error }.count }
    public var hasErrors: Bool { issues.contains { $0.severity == .error } }
}
