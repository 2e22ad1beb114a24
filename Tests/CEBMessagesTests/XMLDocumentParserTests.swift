import Foundation
import Testing
import XMLSupport

@Suite("XML value trees")
struct XMLDocumentParserTests {
    @Test("indentation between elements is dropped; whitespace that is an element's whole content, and mixed text, are kept")
    func whitespace() throws {
        let xml = "<a xmlns=\"urn:x\">\n  <b> </b>\n  <c>x</c>\n  <d>one <e/> two</d>\n  <f>\t</f>\n</a>"
        let root = try XMLDocumentParser.parse(Data(xml.utf8))
        #expect(root.children.map(\.name) == ["b", "c", "d", "f"])
        #expect(root.text == "")
        #expect(root.child("b")?.text == " ")
        #expect(root.child("c")?.text == "x")
        #expect(root.child("d")?.text == "one  two")
        #expect(root.child("f")?.text == "\t")
        #expect(root.children.allSatisfy { $0.namespace == "urn:x" })
        #expect(root.child("c")?.line == 3)
    }
}
