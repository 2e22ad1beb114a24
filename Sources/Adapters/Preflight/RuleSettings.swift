/// Per-rule severity overrides from the profile's `rules` object: `"error"`, `"warning"` or `"off"`.
public struct RuleSettings: Sendable, Hashable {
    public enum Setting: String, Sendable, Hashable, CaseIterable {
        case error
        case warning
        case off
    }

    public var overrides: [String: Setting]

    public init(overrides: [String: Setting] = [:]) {
        self.overrides = overrides
    }

    /// The severity to report `rule` with, or `nil` when it is switched off.
    public func severity(of rule: String, default fallback: Severity) -> Severity? {
        switch overrides[rule] {
        case .error?: .error
        case .warning?: .warning
        case .off?: nil
        case nil: fallback
        }
    }

    /// Rules whose findings cannot be switched off: the batch is unreadable without them.
    static let structural: Set<String> = [
        "record.syntax", "record.missing-field", "record.wrong-type", "record.invalid-value", "record.unknown-key",
    ]
}
