import CodeGeneration
import Foundation

/// Regenerates `Sources/CEBMessages/Elements/*.swift` from `codegen/ceb-elements.tsv`
/// (`make generate`, from the package's root). Files are rewritten only when they change.
@main
enum SwgateCodegen {
    static func main() throws {
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let table = try ElementTable(
            text: String(decoding: try Data(contentsOf: root.appendingPathComponent("codegen/ceb-elements.tsv")), as: UTF8.self))
        let folder = root.appendingPathComponent("Sources/CEBMessages/Elements")
        var written = 0
        for element in table.elements {
            let file = folder.appendingPathComponent("\(element.name).swift")
            let source = Data(ElementSource.render(element).utf8)
            if (try? Data(contentsOf: file)) == source { continue }
            try source.write(to: file, options: .atomic)
            written += 1
        }
        print("swgate-codegen: \(table.elements.count) elements, \(written) files written")
    }
}
