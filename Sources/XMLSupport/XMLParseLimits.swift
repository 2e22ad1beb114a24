/// Bounds on what swgate agrees to parse.
///
/// Every bound is checked on the raw bytes before libxml2 sees them (``StructureScanner``): some
/// of libxml2's work grows faster than the input (its duplicate-attribute check is quadratic in
/// the attributes of one element), so a bound checked after parsing would come too late.
public struct XMLParseLimits: Sendable, Hashable {
    /// Documents larger than this are refused before parsing. A CEB message holds at most 100
    /// business nodes of about 5 KB each, so the default leaves ample room.
    public var maxBytes: Int
    /// Attributes on one element, namespace declarations included. Customs elements carry a
    /// handful (`guid`, `version`, a few `xmlns`).
    public var maxAttributesPerElement: Int
    /// Namespace declarations (`xmlns`, `xmlns:p`) in the whole document.
    public var maxNamespaceDeclarations: Int
    /// Element nesting. A CEB message is five levels deep, a DxpMsg wrapping one is two more.
    public var maxDepth: Int
    /// One run of character data. A DxpMsg's Base64 `Data` is the largest legitimate one.
    public var maxTextBytes: Int

    public init(
        maxBytes: Int = 16 * 1024 * 1024,
        maxAttributesPerElement: Int = 64,
        maxNamespaceDeclarations: Int = 256,
        maxDepth: Int = 64,
        maxTextBytes: Int = 12 * 1024 * 1024
    ) {
        self.maxBytes = maxBytes
        self.maxAttributesPerElement = maxAttributesPerElement
        self.maxNamespaceDeclarations = maxNamespaceDeclarations
        self.maxDepth = maxDepth
        self.maxTextBytes = maxTextBytes
    }

    public static let `default` = XMLParseLimits()
}
