import CEBMessages
import Foundation
import SwgateTestSupport
import Testing
import XMLSupport

/// Envelopes and receipts are read through views into the parsed document; a view must show
/// exactly what the detached tree shows.
@Suite("Element views read what trees hold")
struct XMLElementViewTests {
    /// Everything ``XMLElementReading`` exposes, compared all the way down.
    static func same(_ view: XMLElementView, _ node: XMLNode, path: String = "") -> [String] {
        var differences: [String] = []
        let here = path + "/" + node.name
        if view.name != node.name { differences.append("\(here): name \(view.name)") }
        if view.namespace != node.namespace { differences.append("\(here): namespace \(view.namespace ?? "nil")") }
        if view.line != node.line { differences.append("\(here): line \(view.line) against \(node.line)") }
        if view.text != node.text {
            differences.append("\(here): text \(view.text.debugDescription) against \(node.text.debugDescription)")
        }
        for attribute in node.attributes where view.attribute(attribute.name) != attribute.value {
            differences.append("\(here): @\(attribute.name)")
        }
        if view.attribute("absent") != nil { differences.append("\(here): an absent attribute") }
        if !view.hasName(node.name) || view.hasName(node.name + "x") || view.hasName(String(node.name.dropLast())) {
            differences.append("\(here): hasName")
        }
        if !view.isInNamespace(node.namespace) || view.isInNamespace("urn:elsewhere")
            || view.isInNamespace(nil) != (node.namespace == nil)
        {
            differences.append("\(here): isInNamespace")
        }
        if view.base64Text != node.base64Text { differences.append("\(here): base64Text") }
        if view.tree != node { differences.append("\(here): tree") }
        let children = view.children
        if children.count != node.children.count { return differences + ["\(here): \(children.count) children"] }
        for (child, expected) in zip(children, node.children) { differences += same(child, expected, path: here) }
        return differences
    }

    static let documents: [(String, Data)] = {
        var documents = CEBMessageType.allCases.compactMap { type in (try? Fixtures.sample(type)).map { (type.rawValue, $0) } }
        let receipt = CEB312Message(returns: [
            OrderReturn(
                guid: "G-1", ebpCode: "1105910159", ebcCode: "1105910159", orderNo: "O-1", returnStatus: "120",
                returnTime: "20261125103000000", returnInfo: "[Code:1800;Desc:逻辑校验通过]")
        ])
        documents.append(("wrapped receipt", DxpEnvelope.wrap(receipt, senderId: "DXPEDCCEB0000002", receiverIds: ["A", "B"]).xmlData()))
        documents.append(
            (
                "mixed content, CDATA, blank leaves, attributes",
                Data(
                    """
                    <r xmlns="urn:x" a="1" b="&amp;&lt;">
                      text <i>in</i> between <![CDATA[<raw>]]>
                      <blank>   </blank>
                      <empty/>
                      <p:q xmlns:p="urn:p" p:c="2">x</p:q>
                    </r>
                    """.utf8)
            ))
        // Indentation libxml2 keeps (xml:space) is still not an element's text when it has children.
        documents.append(("kept indentation", Data("<r xml:space=\"preserve\">\n  <a>1</a>\n  <b> </b>\n</r>".utf8)))
        return documents
    }()

    @Test("names, namespaces, lines, text, attributes and children agree with the tree", arguments: documents)
    func agree(document: (String, Data)) throws {
        let tree = try XMLDocumentParser.parse(document.1)
        let differences = try XMLDocumentParser.withRootElement(document.1) { root in Self.same(root, tree) }
        #expect(differences.isEmpty, "\(document.0): \(differences.prefix(5))")
    }

    /// Texts a `Data` element may hold: plain Base64 (decoded from libxml2's bytes), and every
    /// other form, which must decode exactly as Foundation's lenient decoder has it.
    static let base64Texts: [String] = [
        "", "QQ==", "QUI=", "QUJD", "QR==", "QUJ=", "QQ=", "QQ", "Q", "=QQ=", "QQ==QQ==", "Q Q==", "QUJD\nREVG", "  QUJD  ",
        "QUJD!REVG", "////", "++++", "-_-_", "QUJD====", Data((0..<300).map { UInt8($0 % 256) }).base64EncodedString(),
        Data((0..<301).map { UInt8($0 % 251) }).base64EncodedString(options: .lineLength76Characters),
    ]

    @Test("an element's Base64 text decodes as Foundation decodes it", arguments: base64Texts)
    func base64(text: String) throws {
        let xml = Data("<Data>\(text)</Data>".utf8)
        let decoded = try XMLDocumentParser.withRootElement(xml) { root in root.base64Text }
        #expect(decoded == Data(base64Encoded: text, options: .ignoreUnknownCharacters))
    }

    @Test("plain Base64 decodes byte for byte; any other text is left to the lenient decoder")
    func plainBase64() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<200 {
            let bytes = Data((0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) })
            let text = bytes.base64EncodedString()
            let decoded = text.utf8CString.withUnsafeBufferPointer { raw in
                raw.withMemoryRebound(to: UInt8.self) { Base64Bytes.decodePlain(UnsafeBufferPointer(rebasing: $0.dropLast())) }
            }
            #expect(decoded == (length == 0 ? nil : bytes), "\(length) bytes")
        }
        for text in ["QUJD\nREVG", "QR==", "QUJ=", "QQ=", "Q===", "QU=D", "QUJD====", "QUJ\u{0}"] {
            var copy = text
            #expect(copy.withUTF8 { Base64Bytes.decodePlain($0) } == nil, "\(text.debugDescription)")
        }
    }
}
