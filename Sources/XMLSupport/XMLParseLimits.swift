/// Bounds on what swgate agrees to parse.
public struct XMLParseLimits: Sendable, Hashable {
    /// Documents larger than this are refused before parsing. A CEB message holds at most 100
    /// business nodes of about 5 KB each, so the default leaves ample room.
    public var maxBytes: Int

    public init(maxBytes: Int = 16 * 1024 * 1024) {
        self.maxBytes = maxBytes
    }

    public static let `default` = XMLParseLimits()
}
