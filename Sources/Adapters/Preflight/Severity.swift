/// How serious a preflight finding is. Errors stop a batch; warnings are reported and let it pass.
public enum Severity: String, Sendable, Hashable, Codable, CaseIterable {
    case error
    case warning
}
