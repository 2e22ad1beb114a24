import XMLSupport

/// One `Order` of a CEB311Message: its head and its lines.
public struct Order: Sendable, Hashable {
    public static let elementName = "Order"
    public var head: OrderHead
    public var lines: [OrderList]

    public init(head: OrderHead, lines: [OrderList]) {
        self.head = head
        self.lines = lines
    }

    init(node: XMLNode, path: String) throws(CEBDecodingError) {
        head = try CEBRoot.element(OrderHead.self, in: node, path: path + "/")
        lines = try CEBRoot.elements(OrderList.self, in: node, path: path + "/")
    }

    func write(to writer: inout CEBXMLWriter) {
        writer.open("Order")
        head.write(to: &writer)
        for line in lines { line.write(to: &writer) }
        writer.close("Order")
    }
}
