public import XMLSupport

/// Electronic tax bill status (customs → enterprise).
public struct CEB818Message: CEBMessage {
    public static let messageType = CEBMessageType.ceb818
    public var guid: String
    public var version: String
    public var taxStatuses: [TaxHeadStatus]

    public init(
        guid: String = CEBGuid.make(),
        version: String = "1.0",
        taxStatuses: [TaxHeadStatus]
    ) {
        self.guid = guid
        self.version = version
        self.taxStatuses = taxStatuses
    }

    public init(root: XMLNode) throws(CEBDecodingError) {
        guid = try CEBRoot.guid(root)
        version = CEBRoot.version(root)
        taxStatuses = try CEBRoot.groups("Tax", in: root) { node, path throws(CEBDecodingError) in
            try CEBRoot.element(TaxHeadStatus.self, in: node, path: path + "/")
        }
    }

    public func writeBody(to writer: inout CEBXMLWriter) {
        for item in taxStatuses {
            writer.open("Tax")
            item.write(to: &writer)
            writer.close("Tax")
        }
    }
}
