/// The field tables of the CEB elements (`codegen/ceb-elements.tsv`): for each element its name,
/// a one-line description, and its fields in the schema's order.
public struct ElementTable: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        /// The Swift property.
        public var property: String
        /// `String`, `String?`, `Decimal`, `Decimal?`, `Int` or `XMLNode`.
        public var type: String
        /// The XML element's name (usually the property's).
        public var xmlName: String
        public var doc: String
    }

    public struct Element: Sendable, Equatable {
        public var name: String
        public var doc: String
        public var fields: [Field]
    }

    public var elements: [Element]

    /// A problem in the table, with its line number.
    public struct ParseError: Error, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    static let knownTypes: Set<String> = ["String", "String?", "Decimal", "Decimal?", "Int", "XMLNode"]

    /// Reads the tab-separated table; `#` lines and blank lines are comments.
    public init(text: String) throws(ParseError) {
        var elements: [Element] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if columns[0] == "element", columns.count == 3 {
                elements.append(Element(name: columns[1], doc: columns[2], fields: []))
            } else if columns[0].isEmpty, columns.count == 5, !elements.isEmpty {
                guard Self.knownTypes.contains(columns[2]) else { throw ParseError(line: index + 1, message: "unknown type \(columns[2])") }
                elements[elements.count - 1].fields.append(
                    Field(property: columns[1], type: columns[2], xmlName: columns[3], doc: columns[4]))
            } else {
                throw ParseError(
                    line: index + 1, message: "expected `element<TAB>Name<TAB>doc` or `<TAB>property<TAB>type<TAB>xml name<TAB>doc`")
            }
        }
        self.elements = elements
    }
}
