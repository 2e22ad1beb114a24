import CEBMessages
import CLibXML2
public import Foundation
public import XMLSupport

/// Validates customs messages and DXP envelopes against the XSDs in `schemas/`.
///
/// The schema is chosen from the document's root element: a `ceb` root against the customs
/// schema, a `DxpMsg` against the envelope schema — and then the message carried in its `Data`
/// against the customs schema too. Schemas are compiled once, when the validator is made, and a
/// validator can be used from any number of threads.
public final class SchemaValidator: Sendable {
    public let schemaDirectory: URL
    private let customs: CompiledSchema
    private let envelope: CompiledSchema
    private let limits: XMLParseLimits

    /// Compiles the schemas of `revision` under `root` (by default, the located `schemas/` folder).
    public init(root: URL? = nil, revision: String = SchemaLocator.defaultRevision, limits: XMLParseLimits = .default) throws(SchemaError) {
        let base: URL
        if let root {
            base = root
        } else {
            base = try SchemaLocator.schemaRoot()
        }
        schemaDirectory = base.appendingPathComponent(revision, isDirectory: true)
        customs = try CompiledSchema(url: schemaDirectory.appendingPathComponent("ceb-import.xsd"))
        envelope = try CompiledSchema(url: schemaDirectory.appendingPathComponent("dxp.xsd"))
        self.limits = limits
    }

    /// Validates one document given as bytes.
    ///
    /// Customs messages are validated in one streaming pass; envelopes (whose `Data` must be
    /// decoded and validated in turn) and anything unexpected go through the tree parser.
    public func validate(_ data: Data) -> ValidationResult {
        validate(data, unsigned: false)
    }

    /// ``validate(_:)``; with `unsigned`, the missing signature of a declaration is dropped as
    /// libxml2 reports it, before it is made into an issue.
    private func validate(_ data: Data, unsigned: Bool) -> ValidationResult {
        do {
            try XMLDocumentParser.precheck(data, limits: limits)
        } catch {
            return ValidationResult(issues: [ValidationIssue(line: error.line ?? 1, message: error.message)])
        }
        let root = data.withUnsafeBytes { raw in RootElementSniffer.sniff(raw.bindMemory(to: UInt8.self)) }
        if let root, root.namespace == CEBNamespace.ceb {
            return ValidationResult(rootName: root.localName, issues: customs.validateStreaming(data, unsigned: unsigned))
        }
        return validateWithTree(data, unsigned: unsigned)
    }

    /// The tree-based path: parse, pick the schema from the parsed root, validate the tree.
    func validateWithTree(_ data: Data, unsigned: Bool = false) -> ValidationResult {
        var result = ValidationResult()
        do {
            try XMLDocumentParser.withDocument(data, limits: limits) { (document) throws(XMLParseError) in
                guard let root = xmlDocGetRootElement(document) else {
                    result.issues = [ValidationIssue(line: 1, message: "the document has no root element")]
                    return
                }
                let name = root.pointee.name.map { String(cString: $0) } ?? ""
                let namespace = root.pointee.ns.flatMap { $0.pointee.href }.map { String(cString: $0) }
                result.rootName = name
                switch namespace {
                case CEBNamespace.ceb?:
                    result.issues = customs.validate(document, unsigned: unsigned)
                case CEBNamespace.dxp?:
                    result.issues = envelope.validate(document)
                    if result.issues.isEmpty, name == "DxpMsg" {
                        validateCarriedMessage(root, unsigned: unsigned, into: &result)
                    }
                default:
                    result.issues = [
                        ValidationIssue(
                            line: Int(xmlGetLineNo(root)),
                            element: name,
                            message:
                                "the root element \(name) is in namespace \(namespace ?? "(none)"); expected a customs message (\(CEBNamespace.ceb)) or a DxpMsg envelope (\(CEBNamespace.dxp))"
                        )
                    ]
                }
            }
        } catch {
            result.issues = [ValidationIssue(line: error.line ?? 1, message: error.message)]
        }
        return result
    }

    /// Validates a customs message and, when it is valid, gives its tree as well: one parse for
    /// both, where validating and then parsing would read the bytes twice (the simulator's way
    /// with every message it receives). Parsed without the indentation between elements, as
    /// ``XMLDocumentParser/parse(_:limits:)`` parses: a text node beside every element would be
    /// allocated, validated past and dropped from the tree; a leaf whose whole content is
    /// whitespace keeps it.
    public func validatedTree(_ data: Data) -> (result: ValidationResult, root: XMLNode?) {
        // Both paths parse with `withDocument`, whose checks before parsing (size, encoding, no
        // DOCTYPE) refuse a hostile document; what they find is the result's one issue.
        let sniffed = data.withUnsafeBytes { raw in RootElementSniffer.sniff(raw.bindMemory(to: UInt8.self)) }
        guard let sniffed, sniffed.namespace == CEBNamespace.ceb else { return (validateWithTree(data), nil) }
        var result = ValidationResult(rootName: sniffed.localName)
        var tree: XMLNode?
        do {
            let options = XMLDocumentParser.options | Int32(XML_PARSE_NOBLANKS.rawValue)
            try XMLDocumentParser.withDocument(data, limits: limits, options: options) { (document) throws(XMLParseError) in
                result.issues = customs.validate(document)
                if result.issues.isEmpty, let root = xmlDocGetRootElement(document) { tree = XMLTreeBuilder.build(root) }
            }
        } catch {
            result.issues = [ValidationIssue(line: error.line ?? 1, message: error.message)]
        }
        return (result, tree)
    }

    /// Validates a declaration that will be signed later, at dispatch: the one finding allowed is
    /// the missing `ds:Signature` that customs requires on CEB621, 623, 625 and 711
    /// (``IssueCollector/isMissingSignature(_:)``).
    public func validateUnsigned(_ data: Data) -> ValidationResult {
        validate(data, unsigned: true)
    }

    /// Validates the file at `url`.
    public func validate(contentsOf url: URL) -> ValidationResult {
        do {
            let data = try Data(contentsOf: url)
            return validate(data)
        } catch {
            return ValidationResult(issues: [ValidationIssue(line: 0, message: "cannot read the file: \(error.localizedDescription)")])
        }
    }

    private func validateCarriedMessage(_ root: xmlNodePtr, unsigned: Bool, into result: inout ValidationResult) {
        var child = root.pointee.children
        while let node = child {
            if node.pointee.type == XML_ELEMENT_NODE, let name = node.pointee.name, String(cString: name) == "Data" {
                let line = Int(xmlGetLineNo(node))
                let text = node.pointee.children.flatMap { $0.pointee.content }.map { String(cString: $0) } ?? ""
                guard let inner = Data(base64Encoded: text, options: .ignoreUnknownCharacters), !inner.isEmpty else {
                    result.issues.append(ValidationIssue(line: line, element: "Data", message: "Data does not hold Base64-encoded content"))
                    return
                }
                let carried = validate(inner, unsigned: unsigned)
                result.innerRootName = carried.rootName
                if carried.rootName != nil, carried.rootName?.hasPrefix("CEB") != true {
                    result.issues.append(
                        ValidationIssue(
                            line: line, element: "Data", message: "Data carries \(carried.rootName ?? "?"), not a customs message"))
                }
                let carriedName = carried.rootName ?? "message"
                for issue in carried.issues {
                    result.issues.append(
                        ValidationIssue(
                            line: line,
                            element: issue.element,
                            message: "in the \(carriedName) carried in Data, line \(issue.line): \(issue.message)"
                        )
                    )
                }
                return
            }
            child = node.pointee.next
        }
    }
}
