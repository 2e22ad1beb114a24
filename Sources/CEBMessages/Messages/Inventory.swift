import XMLSupport

/// One `Inventory` of a CEB621Message: its head and its lines.
public struct Inventory: Sendable, Hashable {
    public static let elementName = "Inventory"
    public var head: InventoryHead
    public var lines: [InventoryList]

    public init(head: InventoryHead, lines: [InventoryList]) {
        self.head = head
        self.lines = lines
    }

    init(node: XMLNode, path: String) throws(CEBDecodingError) {
        head = try CEBRoot.element(InventoryHead.self, in: node, path: path + "/")
        lines = try CEBRoot.elements(InventoryList.self, in: node, path: path + "/")
    }

    func write(to writer: inout CEBXMLWriter) {
        writer.open("Inventory")
        head.write(to: &writer)
        for line in lines { line.write(to: &writer) }
        writer.close("Inventory")
    }
}
