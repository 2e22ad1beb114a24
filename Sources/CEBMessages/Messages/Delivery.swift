import XMLSupport

/// One `Delivery` of a CEB711Message: its head and its lines.
public struct Delivery: Sendable, Hashable {
    public static let elementName = "Delivery"
    public var head: DeliveryHead
    public var lines: [DeliveryList]

    public init(head: DeliveryHead, lines: [DeliveryList]) {
        self.head = head
        self.lines = lines
    }

    init(node: XMLNode, path: String) throws(CEBDecodingError) {
        head = try CEBRoot.element(DeliveryHead.self, in: node, path: path + "/")
        lines = try CEBRoot.elements(DeliveryList.self, in: node, path: path + "/")
    }

    func write(to writer: inout CEBXMLWriter) {
        writer.open("Delivery")
        head.write(to: &writer)
        for line in lines { line.write(to: &writer) }
        writer.close("Delivery")
    }
}
