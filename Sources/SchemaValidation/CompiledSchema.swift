import CLibXML2
import Foundation
import XMLSupport

/// An XSD compiled once by libxml2 and shared by every validation.
///
/// libxml2 documents a compiled `xmlSchemaPtr` as read-only during validation; each validation
/// makes its own `xmlSchemaValidCtxt`, so one compiled schema serves all threads at once.
final class CompiledSchema: @unchecked Sendable {  // a compiled libxml2 schema is read-only; each validation makes its own context
    let url: URL
    let schema: xmlSchemaPtr

    /// Compiles the schema at `url`. It is loaded by absolute path so that its `xs:import`s resolve
    /// beside it rather than against the current folder.
    init(url: URL) throws(SchemaError) {
        LibXML.initialise()
        self.url = url
        let path = url.standardizedFileURL.path
        guard FileManager.default.fileExists(atPath: path) else {
            throw SchemaError(kind: .notFound, message: "schema file \(path) does not exist")
        }
        guard let parser = xmlSchemaNewParserCtxt(path) else {
            throw SchemaError(kind: .invalidSchema, message: "cannot open schema \(path)")
        }
        defer { xmlSchemaFreeParserCtxt(parser) }
        let collector = IssueCollector()
        xmlSchemaSetParserStructuredErrors(
            parser,
            { context, error in
                IssueCollector.record(context, error)
            }, Unmanaged.passUnretained(collector).toOpaque())
        guard let compiled = xmlSchemaParse(parser) else {
            let detail = collector.issues.first.map { "line \($0.line): \($0.message)" } ?? "unknown error"
            throw SchemaError(kind: .invalidSchema, message: "schema \(path) does not compile: \(detail)")
        }
        withExtendedLifetime(collector) {}
        schema = compiled
    }

    deinit {
        xmlSchemaFree(schema)
    }

    /// Validates a parsed document against this schema; with `unsigned`, the missing `ds:Signature`
    /// of a declaration signed later is no issue.
    func validate(_ document: xmlDocPtr, unsigned: Bool = false) -> [ValidationIssue] {
        guard let context = xmlSchemaNewValidCtxt(schema) else {
            return [ValidationIssue(line: 0, message: "out of memory creating a validation context")]
        }
        defer { xmlSchemaFreeValidCtxt(context) }
        let collector = IssueCollector()
        collector.allowsMissingSignature = unsigned
        xmlSchemaSetValidStructuredErrors(
            context,
            { userData, error in
                IssueCollector.record(userData, error)
            }, Unmanaged.passUnretained(collector).toOpaque())
        let status = withExtendedLifetime(collector) { xmlSchemaValidateDoc(context, document) }
        if status != 0 && collector.issues.isEmpty {
            return [ValidationIssue(line: 0, message: "libxml2 could not validate the document (internal error \(status))")]
        }
        return collector.issues
    }
}

extension CompiledSchema {
    /// Validates `data` in one streaming pass: the parser feeds the validator directly and no tree
    /// is built, which roughly halves the work for the flat, field-per-line customs messages.
    ///
    /// The caller must have run ``XMLDocumentParser/precheck`` (size, encoding, no DOCTYPE) first:
    /// this path relies on it instead of the tree parser's checks. With `unsigned`, the missing
    /// `ds:Signature` of a declaration signed later is no issue.
    func validateStreaming(_ data: Data, unsigned: Bool = false) -> [ValidationIssue] {
        guard let context = xmlSchemaNewValidCtxt(schema) else {
            return [ValidationIssue(line: 0, message: "out of memory creating a validation context")]
        }
        defer { xmlSchemaFreeValidCtxt(context) }
        let collector = IssueCollector()
        collector.allowsMissingSignature = unsigned
        xmlSchemaSetValidStructuredErrors(
            context,
            { userData, error in
                IssueCollector.record(userData, error)
            }, Unmanaged.passUnretained(collector).toOpaque())

        let outcome: [ValidationIssue]? = data.withUnsafeBytes { raw -> [ValidationIssue]? in
            guard let base = raw.baseAddress,
                let parser = xmlCreateMemoryParserCtxt(base.assumingMemoryBound(to: CChar.self), Int32(raw.count))
            else { return nil }
            defer {
                if let document = parser.pointee.myDoc { xmlFreeDoc(document) }
                xmlFreeParserCtxt(parser)
            }
            _ = xmlCtxtUseOptions(parser, XMLDocumentParser.options)
            // A handler that builds nothing: the schema plug sees every event, nobody else needs to.
            var handler = xmlSAXHandler()
            handler.initialized = UInt32(XML_SAX2_MAGIC)
            handler.serror = { _, _ in }
            parser.pointee.sax.pointee = handler

            var sax: UnsafeMutablePointer<xmlSAXHandler>? = parser.pointee.sax
            var user: UnsafeMutableRawPointer? = parser.pointee.userData
            guard let plug = xmlSchemaSAXPlug(context, &sax, &user) else { return nil }
            parser.pointee.sax = sax
            parser.pointee.userData = user
            xmlSchemaValidateSetLocator(
                context,
                { contextPointer, file, line in
                    guard let contextPointer else { return -1 }
                    let parser = contextPointer.assumingMemoryBound(to: xmlParserCtxt.self)
                    file?.pointee = nil
                    line?.pointee = UInt(xmlSAX2GetLineNumber(parser))
                    return 0
                }, UnsafeMutableRawPointer(parser))

            _ = xmlParseDocument(parser)
            let wellFormed = parser.pointee.wellFormed != 0
            _ = xmlSchemaSAXUnplug(plug)
            parser.pointee.sax = sax
            parser.pointee.userData = user

            if !wellFormed {
                guard let error = xmlCtxtGetLastError(parser) else {
                    return [ValidationIssue(line: 1, message: "the document is not well-formed XML")]
                }
                let message = error.pointee.message.map { String(cString: $0) } ?? "not well-formed"
                return [ValidationIssue(line: Int(error.pointee.line), message: message.trimmingCharacters(in: .whitespacesAndNewlines))]
            }
            return collector.issues
        }
        return withExtendedLifetime(collector) {
            outcome ?? [ValidationIssue(line: 0, message: "libxml2 could not start a streaming validation")]
        }
    }
}

/// Receives libxml2's structured errors through a C callback.
final class IssueCollector {
    var issues: [ValidationIssue] = []
    /// Drop the missing signature of a declaration (``isMissingSignature(_:)``): one is reported
    /// for every declaration validated before it is signed, and making it an issue only to remove it
    /// again costs more than the check.
    var allowsMissingSignature = false

    /// Caps the number of issues kept: a document with thousands of errors needs the first few.
    static let limit = 200

    static func record(_ context: UnsafeMutableRawPointer?, _ error: xmlErrorPtr?) {
        guard let context, let error else { return }
        let collector = Unmanaged<IssueCollector>.fromOpaque(context).takeUnretainedValue()
        guard collector.issues.count < limit else { return }
        if collector.allowsMissingSignature, isMissingSignature(error) { return }
        let raw = error.pointee.message.map { String(cString: $0) } ?? "invalid"
        var element: String?
        if let node = error.pointee.node?.assumingMemoryBound(to: xmlNode.self), node.pointee.type == XML_ELEMENT_NODE,
            let name = node.pointee.name
        {
            element = String(cString: name)
        }
        collector.issues.append(
            ValidationIssue(line: Int(error.pointee.line), element: element, message: IssueCollector.tidy(raw))
        )
    }

    /// Whether `error` is libxml2's "Missing child element(s)" on a customs message's root
    /// (`CEB…`) that names the XML-DSig `Signature` among what it expected — read from libxml2's
    /// own bytes, without making strings of them. A streaming validation reports no node; the
    /// message then names the element (`Element '{…/ceb}CEB621Message': …`).
    static func isMissingSignature(_ error: xmlErrorPtr) -> Bool {
        guard let message = error.pointee.message, strstr(message, "Missing child element") != nil,
            strstr(message, "{http://www.w3.org/2000/09/xmldsig#}Signature") != nil
        else { return false }
        guard let node = error.pointee.node?.assumingMemoryBound(to: xmlNode.self) else {
            return strstr(message, "Element '{http://www.chinaport.gov.cn/ceb}CEB") == message
        }
        guard node.pointee.type == XML_ELEMENT_NODE, let name = node.pointee.name else { return false }
        return strncmp(name, "CEB", 3) == 0
    }

    /// Shortens libxml2's `{namespace}name` notation to the prefixes people read in messages.
    static func tidy(_ message: String) -> String {
        var text = Substring(message)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        guard text.utf8.contains(UInt8(ascii: "{")) else { return String(text) }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var rest = text[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let namespace = rest[rest.index(after: open)..<close]
            result += prefixes[String(namespace)].map { $0 + ":" } ?? "{\(namespace)}"
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        return result
    }

    static let prefixes: [String: String] = [
        "http://www.chinaport.gov.cn/ceb": "ceb",
        "http://www.chinaport.gov.cn/dxp": "dxp",
        "http://www.w3.org/2000/09/xmldsig#": "ds",
    ]
}
