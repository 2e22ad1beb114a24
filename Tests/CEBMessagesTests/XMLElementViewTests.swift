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
}
