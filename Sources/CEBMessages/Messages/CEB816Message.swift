public import XMLSupport

/// Electronic tax bill (customs → enterprise).
public struct CEB816Message: CEBMessage {
    public static let messageType = CEBMessageType.ceb816
    public var guid: String
    public var version: String
    public var taxBills: [TaxBill]

    public init(
        guid: String = CEBGuid.make(),
        version: String = "1.0",
        taxBills: [TaxBill]
    ) {
        self.guid = guid
        self.version = version
        self.taxBills = taxBills
    }

    public init(root: XMLNode) throws(CEBDecodingError) {
        guid = try CEBRoot.guid(root)
        version = CEBRoot.version(root)
        taxBills = try CEBRoot.groups("Tax", in: root) { node, path throws(CEBDecodingError) in try TaxBill(node: node, path: path) }
    }

    public func writeBody(to writer: inout CEBXMLWriter) {
        for item in taxBills { item.write(to: &writer) }
    }
}
