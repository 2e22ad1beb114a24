/// What validating one document found.
public struct ValidationResult: Sendable, Hashable {
    /// The root element's local name (`CEB621Message`, `DxpMsg`), when the document parsed.
    public var rootName: String?
    /// For a DxpMsg, the carried message's root element name.
    public var innerRootName: String?
    public var issues: [ValidationIssue]

    public init(rootName: String? = nil, innerRootName: String? = nil, issues: [ValidationIssue] = []) {
        self.rootName = rootName
        self.innerRootName = innerRootName
        self.issues = issues
    }

    public var isValid: Bool { issues.isEmpty }
}
