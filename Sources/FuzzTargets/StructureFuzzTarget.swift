public import Foundation
import XMLSupport

/// The structural bounds checked on raw bytes before parsing (`StructureScanner`), against what
/// libxml2 then actually builds: with small limits, any document the scanner lets through must
/// parse into a tree within them (depth, attributes per element; text runs are not comparable,
/// since the tree joins the runs a comment splits). A scanner that under-counts (an attribute or a level it did not
/// see) would let quadratic input reach the parser; here that is a crash, for the fuzzer to find.
public enum StructureFuzzTarget {
    static let limits = XMLParseLimits(
        maxBytes: 64 * 1024, maxAttributesPerElement: 4, maxNamespaceDeclarations: 8, maxDepth: 6, maxTextBytes: 4096)

    public static func run(_ data: Data) -> FuzzOutcome {
        let root: XMLNode
        do {
            root = try XMLDocumentParser.parse(data, limits: limits)
        } catch {
            return .rejected(reason: error.localizedDescription)
        }
        var elements = 0
        check(root, depth: 1, elements: &elements)
        return .accepted(items: elements)
    }

    private static func check(_ node: XMLNode, depth: Int, elements: inout Int) {
        elements += 1
        precondition(depth <= limits.maxDepth, "the scanner let through \(depth) levels")
        precondition(node.attributes.count <= limits.maxAttributesPerElement, "the scanner let through \(node.attributes.count) attributes")
        for child in node.children { check(child, depth: depth + 1, elements: &elements) }
    }
}
