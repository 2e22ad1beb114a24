package import CLibXML2
public import Foundation

/// Parses untrusted bytes into an XML tree with libxml2, safely.
///
/// Every parse runs with network access off, without loading or substituting external entities,
/// and refuses any document type declaration outright: customs messages never carry one, and a
/// DOCTYPE is the only way to smuggle in external entities (reading local files) or exponential
/// entity expansion. The check happens on the raw bytes before libxml2 sees them, so a hostile
/// document is rejected in microseconds without touching the file system.
public enum XMLDocumentParser {
    /// libxml2 options for every parse: no network, line numbers past 65535, CDATA as text, and
    /// the encoding named in the XML declaration ignored — input is read as the UTF-8 that every
    /// check before parsing assumes, so a declared EBCDIC or UCS-4 cannot make libxml2 see other
    /// markup than those checks saw. Deliberately absent: `XML_PARSE_NOENT` (substitute
    /// entities) and `XML_PARSE_DTDLOAD`.
    package static let options: Int32 = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_IGNORE_ENC.rawValue
    )

    /// Parses `data` and returns its root element.
    ///
    /// Indentation between elements is left out of libxml2's tree (`XML_PARSE_NOBLANKS`): the
    /// value tree drops it anyway, and not allocating a text node beside every element makes the
    /// parse cheaper. (Whitespace that is an element's whole content is kept by libxml2.) Only
    /// here: a signature covers the document's whitespace, so `withDocument` keeps every byte.
    public static func parse(_ data: Data, limits: XMLParseLimits = .default) throws(XMLParseError) -> XMLNode {
        try withDocument(data, limits: limits, options: options | Int32(XML_PARSE_NOBLANKS.rawValue)) {
            (document) throws(XMLParseError) -> XMLNode in
            guard let root = xmlDocGetRootElement(document) else {
                throw XMLParseError(reason: .malformed, message: "the document has no root element")
            }
            return XMLTreeBuilder.build(root)
        }
    }

    /// Parses `data` and lends the libxml2 document to `body`; the document is freed afterwards.
    package static func withDocument<T>(
        _ data: Data,
        limits: XMLParseLimits = .default,
        options: Int32 = options,
        _ body: (xmlDocPtr) throws(XMLParseError) -> T
    ) throws(XMLParseError) -> T {
        LibXML.initialise()
        try precheck(data, limits: limits)

        return try ParserContextCache.with(options: options) { (context) throws(XMLParseError) -> T in
            guard let context else { throw XMLParseError(reason: .malformed, message: "out of memory creating the XML parser") }
            let parsed: xmlDocPtr? = data.withUnsafeBytes { raw in
                guard let base = raw.baseAddress else { return nil }
                return xmlCtxtReadMemory(context, base.assumingMemoryBound(to: CChar.self), Int32(raw.count), nil, nil, options)
            }
            guard let document = parsed, context.pointee.wellFormed != 0 else {
                if let parsed { xmlFreeDoc(parsed) }
                throw lastError(of: context)
            }
            defer { xmlFreeDoc(document) }
            if document.pointee.intSubset != nil {
                throw XMLParseError(reason: .doctypeNotAllowed, message: "document type declarations (DOCTYPE) are not allowed")
            }
            return try body(document)
        }
    }

    /// Refuses oversized, empty, non-UTF-8 and DOCTYPE-bearing input, and input over the
    /// structural bounds of `limits`, before any parsing.
    package static func precheck(_ data: Data, limits: XMLParseLimits) throws(XMLParseError) {
        if data.count > limits.maxBytes {
            throw XMLParseError(
                reason: .tooLarge(limit: limits.maxBytes),
                message: "the document is \(data.count) bytes, over the limit of \(limits.maxBytes) bytes"
            )
        }
        let problem: XMLParseError? = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> XMLParseError? in
            let bytes = raw.bindMemory(to: UInt8.self)
            if let problem = PrologScanner(bytes: bytes).problem() { return problem }
            return StructureScanner(bytes: bytes, limits: limits).problem()
        }
        if let problem { throw problem }
    }

    private static func lastError(of context: xmlParserCtxtPtr) -> XMLParseError {
        guard let error = xmlCtxtGetLastError(context) else {
            return XMLParseError(reason: .malformed, message: "the document is not well-formed XML")
        }
        let raw = error.pointee.message.map { String(cString: $0) } ?? "not well-formed"
        let message = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let line = Int(error.pointee.line)
        return XMLParseError(reason: .malformed, line: line > 0 ? line : nil, message: message)
    }
}
