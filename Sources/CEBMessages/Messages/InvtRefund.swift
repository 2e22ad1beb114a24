import XMLSupport

/// One `InvtRefund` of a CEB625Message: its head and its lines.
public struct InvtRefund: Sendable, Hashable {
    public static let elementName = "InvtRefund"
    public var head: InvtRefundHead
    public var lines: [InvtRefundList]

    public init(head: InvtRefundHead, lines: [InvtRefundList]) {
        self.head = head
        self.lines = lines
    }

    init(node: XMLNode, path: String) throws(CEBDecodingError) {
        head = try CEBRoot.element(InvtRefundHead.self, in: node, path: path + "/")
        lines = try CEBRoot.elements(InvtRefundList.self, in: node, path: path + "/")
    }

    func write(to writer: inout CEBXMLWriter) {
        writer.open("InvtRefund")
        head.write(to: &writer)
        for line in lines { line.write(to: &writer) }
        writer.close("InvtRefund")
    }
}
