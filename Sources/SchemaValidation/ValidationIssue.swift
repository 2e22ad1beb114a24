/// One reason a document is invalid: where, which element, and what is wrong.
public struct ValidationIssue: Sendable, Hashable, CustomStringConvertible {
    /// The line in the document (inside the carried message, for a DxpMsg's `Data`).
    public var line: Int
    /// The element the problem is about, without namespace (`goodsValue`), when known.
    public var element: String?
    public var message: String

    public init(line: Int, element: String? = nil, message: String) {
        self.line = line
        self.element = element
        self.message = message
    }

    public var description: String { "\(line): \(message)" }
}
