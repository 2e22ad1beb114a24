import XMLSupport

/// One `Tax` of a CEB816Message: its head and its lines.
public struct TaxBill: Sendable, Hashable {
    public static let elementName = "Tax"
    public var head: TaxHeadRd
    public var lines: [TaxListRd]

    public init(head: TaxHeadRd, lines: [TaxListRd]) {
        self.head = head
        self.lines = lines
    }

    init(node: XMLNode, path: String) throws(CEBDecodingError) {
        head = try CEBRoot.element(TaxHeadRd.self, in: node, path: path + "/")
        lines = try CEBRoot.elements(TaxListRd.self, in: node, path: path + "/")
    }

    func write(to writer: inout CEBXMLWriter) {
        writer.open("Tax")
        head.write(to: &writer)
        for line in lines { line.write(to: &writer) }
        writer.close("Tax")
    }
}
