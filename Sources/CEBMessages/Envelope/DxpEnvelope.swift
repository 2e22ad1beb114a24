public import Foundation
public import XMLSupport

/// The `DxpMsg` envelope in which the national transport carries a customs message, Base64-encoded.
public struct DxpEnvelope: Sendable, Hashable {
    public var transInfo: DxpTransInfo
    /// The carried message, as bytes (Base64 only on the wire).
    public var data: Data
    /// `AddInfo/FileName`, when present.
    public var fileName: String?
    /// `AddInfo/BizKey/Key` values by their `name` attribute, in document order.
    public var bizKeys: [(name: String, value: String)]
    /// An envelope-level `ds:Signature`, kept as a tree.
    public var signature: XMLNode?

    public init(
        transInfo: DxpTransInfo,
        data: Data,
        fileName: String? = nil,
        bizKeys: [(name: String, value: String)] = [],
        signature: XMLNode? = nil
    ) {
        self.transInfo = transInfo
        self.data = data
        self.fileName = fileName
        self.bizKeys = bizKeys
        self.signature = signature
    }

    public static func == (lhs: DxpEnvelope, rhs: DxpEnvelope) -> Bool {
        lhs.transInfo == rhs.transInfo && lhs.data == rhs.data && lhs.fileName == rhs.fileName
            && lhs.bizKeys.map(\.name) == rhs.bizKeys.map(\.name) && lhs.bizKeys.map(\.value) == rhs.bizKeys.map(\.value)
            && lhs.signature == rhs.signature
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(transInfo)
        hasher.combine(data)
    }

    /// Wraps a message, naming the file `<MessageType>_<guid>.xml` as DXP clients do.
    public static func wrap<Message: CEBMessage>(
        _ message: Message,
        copMsgId: String = CEBGuid.make(),
        senderId: String,
        receiverIds: [String],
        creatTime: Date = Date()
    ) -> DxpEnvelope {
        let type = Message.messageType.rawValue
        return DxpEnvelope(
            transInfo: DxpTransInfo(
                copMsgId: copMsgId,
                senderId: senderId,
                receiverIds: receiverIds,
                creatTime: creatTime,
                msgType: type
            ),
            data: message.xmlData(),
            fileName: "\(type)_\(message.guid).xml"
        )
    }

    /// The envelope as UTF-8 XML, `dxp:` prefixed.
    public func xmlString() -> String { String(decoding: xmlBytes(), as: UTF8.self) }

    public func xmlData() -> Data { Data(xmlBytes()) }

    /// The envelope as UTF-8 bytes: appended to as bytes, as ``CEBXMLWriter`` does, since every
    /// transmission and every receipt the simulator issues is one.
    private func xmlBytes() -> [UInt8] {
        // The Base64 text is most of the envelope: room for it at once, not by doubling.
        let base64 = data.base64EncodedData()
        var out: [UInt8] = []
        out.reserveCapacity(base64.count + 1024)
        out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".utf8
        out += "<dxp:DxpMsg ver=\"1.0\" xmlns:dxp=\"".utf8
        out += CEBNamespace.dxp.utf8
        out += "\">\n\t<dxp:TransInfo>\n".utf8
        element("CopMsgId", transInfo.copMsgId, depth: 2, into: &out)
        element("SenderId", transInfo.senderId, depth: 2, into: &out)
        out += "\t\t<dxp:ReceiverIds>\n".utf8
        for receiver in transInfo.receiverIds { element("ReceiverId", receiver, depth: 3, into: &out) }
        out += "\t\t</dxp:ReceiverIds>\n".utf8
        element("CreatTime", DxpEnvelope.dateTimeString(transInfo.creatTime), depth: 2, into: &out)
        element("MsgType", transInfo.msgType, depth: 2, into: &out)
        out += "\t</dxp:TransInfo>\n".utf8
        // Base64 has nothing to escape; scanning tens of kilobytes of it for `&` and `<` did.
        out += "\t<dxp:Data>".utf8
        out += base64
        out += "</dxp:Data>\n".utf8
        if fileName != nil || !bizKeys.isEmpty {
            out += "\t<dxp:AddInfo>\n".utf8
            if let fileName { element("FileName", fileName, depth: 2, into: &out) }
            if !bizKeys.isEmpty {
                out += "\t\t<dxp:BizKey>\n".utf8
                for key in bizKeys {
                    out += "\t\t\t<dxp:Key name=\"".utf8
                    XMLEscaping.appendAttribute(key.name, to: &out)
                    out += "\">".utf8
                    XMLEscaping.appendText(key.value, to: &out)
                    out += "</dxp:Key>\n".utf8
                }
                out += "\t\t</dxp:BizKey>\n".utf8
            }
            out += "\t</dxp:AddInfo>\n".utf8
        }
        if let signature {
            var text = "\t"
            XMLWriter.append(signature, to: &text, inheritedNamespace: CEBNamespace.dxp, preferredPrefixes: [CEBNamespace.xmldsig: "ds"])
            text += "\n"
            out += text.utf8
        }
        out += "</dxp:DxpMsg>\n".utf8
        return out
    }

    /// Reads a `DxpMsg` element.
    public init(root: XMLNode) throws(CEBDecodingError) {
        try self.init(reading: root)
    }

    /// Reads a `DxpMsg` element where it lies in a parsed document: the generic reader below,
    /// specialised here for callers in other modules (which would otherwise run it unspecialised).
    package init(reading root: XMLElementView) throws(CEBDecodingError) {
        try self.init(readingElement: root)
    }

    /// Reads a `DxpMsg` element, detached or still in its document.
    package init<Element: XMLElementReading>(reading root: Element) throws(CEBDecodingError) {
        try self.init(readingElement: root)
    }

    private init<Element: XMLElementReading>(readingElement root: Element) throws(CEBDecodingError) {
        guard root.hasName("DxpMsg"), root.isInNamespace(CEBNamespace.dxp) else {
            throw CEBDecodingError(reason: .invalidEnvelope, line: root.line, message: "\(root.name) is not a DxpMsg envelope")
        }
        let children = root.children
        guard let info = children.first(where: { $0.hasName("TransInfo") }) else {
            throw CEBDecodingError(reason: .invalidEnvelope, path: "TransInfo", line: root.line, message: "the envelope has no TransInfo")
        }
        guard let dataNode = children.first(where: { $0.hasName("Data") }) else {
            throw CEBDecodingError(reason: .invalidEnvelope, path: "Data", line: root.line, message: "the envelope has no Data")
        }
        guard let decoded = dataNode.base64Text, !decoded.isEmpty else {
            throw CEBDecodingError(reason: .invalidEnvelope, path: "Data", line: dataNode.line, message: "Data is not valid Base64")
        }
        let fields = info.children
        func field(_ name: String) -> Element? { fields.first { $0.hasName(name) } }
        transInfo = DxpTransInfo(
            copMsgId: field("CopMsgId")?.text ?? "",
            senderId: field("SenderId")?.text ?? "",
            // A closure, not `\.text`: a key path through a generic element is built again on every call.
            receiverIds: field("ReceiverIds")?.children.filter { $0.hasName("ReceiverId") }.map { $0.text } ?? [],
            creatTime: DxpEnvelope.parseDateTime(field("CreatTime")?.text ?? "") ?? Date(timeIntervalSince1970: 0),
            msgType: field("MsgType")?.text ?? ""
        )
        data = decoded
        let addInfo = children.first { $0.hasName("AddInfo") }
        fileName = addInfo?.firstChild("FileName")?.text
        bizKeys =
            addInfo?.firstChild("BizKey")?.children.filter { $0.hasName("Key") }.map { ($0.attribute("name") ?? "", $0.text) } ?? []
        signature = children.first { $0.hasName("Signature") && $0.isInNamespace(CEBNamespace.xmldsig) }?.tree
    }

    /// Parses bytes holding a `DxpMsg`, reading the envelope where it lies in the parsed document.
    public static func parse(_ data: Data, limits: XMLParseLimits = .default) throws(CEBDecodingError) -> DxpEnvelope {
        let read: Result<DxpEnvelope, CEBDecodingError>
        do {
            read = try XMLDocumentParser.withRootElement(data, limits: limits) { root in
                Result { () throws(CEBDecodingError) -> DxpEnvelope in try DxpEnvelope(reading: root) }
            }
        } catch {
            throw CEBDecodingError.wrap(error)
        }
        return try read.get()
    }

    private func element(_ name: String, _ value: String, depth: Int, into out: inout [UInt8]) {
        out.append(contentsOf: repeatElement(UInt8(ascii: "\t"), count: depth))
        out += "<dxp:".utf8
        out += name.utf8
        out.append(UInt8(ascii: ">"))
        XMLEscaping.appendText(value, to: &out)
        out += "</dxp:".utf8
        out += name.utf8
        out += ">\n".utf8
    }

    /// `xs:dateTime` without zone, China time — the form DXP clients write.
    static func dateTimeString(_ date: Date) -> String {
        CEBTime.dateTime(date)
    }

    static func parseDateTime(_ text: String) -> Date? {
        let digits = text.utf8.filter { $0 >= 0x30 && $0 <= 0x39 }
        guard digits.count >= 14 else { return nil }
        return CEBTime.parse(String(decoding: digits.prefix(14), as: UTF8.self))
    }
}
