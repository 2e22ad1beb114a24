import Testing
import XMLSupport

@Suite("Sniffing the root element from its start tag")
struct RootElementSnifferTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let xml: String
        let localName: String?
        let namespace: String?
        var testDescription: String { xml }
    }

    static let ceb = "http://www.chinaport.gov.cn/ceb"

    static let cases: [Case] = [
        Case(
            xml:
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ceb:CEB311Message guid=\"4CDE1CFD-EDED-46B1-946C-B8022E42FC94\" version=\"1.0\" xmlns:ceb=\"\(ceb)\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><ceb:Order/>",
            localName: "CEB311Message", namespace: ceb),
        Case(xml: "\u{FEFF}<!-- a comment --><CEB621Message xmlns='\(ceb)'>", localName: "CEB621Message", namespace: ceb),
        Case(
            xml: "<dxp:DxpMsg\n  xmlns:dxp = \"http://www.chinaport.gov.cn/dxp\"/>", localName: "DxpMsg",
            namespace: "http://www.chinaport.gov.cn/dxp"),
        // The last declaration of a prefix counts.
        Case(xml: "<a:b xmlns:a='first' xmlns:a='second'>", localName: "b", namespace: "second"),
        // No namespace, or an empty default one: none.
        Case(xml: "<Order>", localName: "Order", namespace: nil),
        Case(xml: "<Order xmlns=''>", localName: "Order", namespace: nil),
        // A declared prefix with an empty URI is kept as declared.
        Case(xml: "<a:b xmlns:a=''>", localName: "b", namespace: ""),
        // Only the first colon after any leading ones separates the prefix.
        Case(xml: "<a::b xmlns:a='u'>", localName: ":b", namespace: "u"),
        Case(xml: "<:a:b xmlns:a='u'>", localName: "b", namespace: "u"),
        Case(xml: "<a: xmlns='u'>", localName: "a:", namespace: "u"),
        // Left to the parser: a prefix never declared, a reference or `<` in a value, an
        // unterminated value, a DOCTYPE, text before the root, no root at all.
        Case(xml: "<ceb:CEB311Message xmlns='\(ceb)'>", localName: nil, namespace: nil),
        Case(xml: "<a:b xmlns:a='x&amp;y'>", localName: nil, namespace: nil),
        Case(xml: "<a:b xmlns:a='x<y'>", localName: nil, namespace: nil),
        Case(xml: "<a:b xmlns:a='open", localName: nil, namespace: nil),
        Case(xml: "<a:b xmlns:a>", localName: nil, namespace: nil),
        Case(xml: "<!DOCTYPE a><a>", localName: nil, namespace: nil),
        Case(xml: "text<a>", localName: nil, namespace: nil),
        Case(xml: "   ", localName: nil, namespace: nil),
    ]

    @Test("the root's local name and namespace, or nil where only a parser can tell", arguments: cases)
    func sniff(_ example: Case) {
        let bytes = Array(example.xml.utf8)
        let root = bytes.withUnsafeBufferPointer { RootElementSniffer.sniff($0) }
        #expect(root?.localName == example.localName)
        #expect(root?.namespace == example.namespace)
    }
}
