import CodeGeneration
import Foundation
import Testing

/// The committed element files are exactly what the generator makes of the table: an edit by
/// hand to either shows here, and `make generate` brings them back together.
@Suite("Generated CEB elements")
struct ElementRegenerationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func table() throws -> ElementTable {
        try ElementTable(
            text: String(decoding: try Data(contentsOf: root.appendingPathComponent("codegen/ceb-elements.tsv")), as: UTF8.self))
    }

    @Test("regenerating gives the committed files byte for byte, and no element file lacks a table row")
    func regeneration() throws {
        let table = try Self.table()
        let folder = Self.root.appendingPathComponent("Sources/CEBMessages/Elements")
        for element in table.elements {
            let committed = try String(contentsOf: folder.appendingPathComponent("\(element.name).swift"), encoding: .utf8)
            #expect(ElementSource.render(element) == committed, "\(element.name).swift differs from the table: run make generate")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
        #expect(Set(files) == Set(table.elements.map { "\($0.name).swift" }))
    }

    @Test("a changed table changes the output (the comparison above can fail)")
    func sensitivity() throws {
        var element = try #require(try Self.table().elements.first)
        let before = ElementSource.render(element)
        element.fields[0].doc += " changed"
        #expect(ElementSource.render(element) != before)
    }

    @Test("a row with an unknown type is refused with its line")
    func unknownType() {
        #expect(throws: ElementTable.ParseError.self) { try ElementTable(text: "element\tX\tdoc\n\tfield\tFloat\tfield\tdoc\n") }
    }
}
