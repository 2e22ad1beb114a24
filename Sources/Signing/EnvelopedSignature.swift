import CLibXML2
public import Foundation
import XMLSupport

/// The enveloped XML signature customs requires on CEB621, 623, 625 and 711: the last child of
/// the root, `Reference URI=""` with the enveloped-signature transform, Canonical XML 1.0, and
/// `KeyInfo` with the certificate number and the certificate.
///
/// The signature is inserted as text, so every byte of the message outside it is sent exactly
/// as it was signed — a re-serialised document is the classic cause of -621028.
public enum EnvelopedSignature {
    static let namespace = "http://www.w3.org/2000/09/xmldsig#"
    static let c14n = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
    static let enveloped = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"

    /// Signs `xml` and returns the signed document.
    public static func sign(_ xml: Data, with signer: any Signer) throws(SigningError) -> Data {
        try sign(xml, with: signer, readingWrittenForm: true)
    }

    /// Signs `xml`; with `readingWrittenForm`, a document in the exact form swgate's writer
    /// produces is canonicalised from its bytes (``WrittenFormCanonical``), any other through libxml2.
    static func sign(_ xml: Data, with signer: any Signer, readingWrittenForm: Bool) throws(SigningError) -> Data {
        guard let close = closingTagStart(of: xml) else { throw SigningError(.permanent, "the document has no closing root tag") }
        // memmem, not Data.range(of:): this search runs for every signature, and Foundation's is slow.
        if contains(xml, "Signature"), contains(xml, "<ds:Signature") || contains(xml, ":Signature xmlns") {
            throw SigningError(.permanent, "the document is already signed")
        }
        let values: (digest: String, signature: String)
        if readingWrittenForm, let written = WrittenFormCanonical.document(xml, close: close) {
            values = try computeValues(written.canonical, rootNamespace: written.namespace, signer: signer)
        } else {
            values = try computeValuesParsing(xml, close: close, signer: signer)
        }
        var result = Data(xml[..<close])
        result.append(UInt8(ascii: "\t"))
        result.append(Data(template(signer: signer, digest: values.digest, signature: values.signature).utf8))
        result.append(UInt8(ascii: "\n"))
        result.append(xml[close...])
        return result
    }

    /// The digest and signature values from the canonical form of the document read off its bytes.
    private static func computeValues(_ canonical: Data, rootNamespace: WrittenFormCanonical.Namespace, signer: any Signer)
        throws(SigningError) -> (String, String)
    {
        guard let digest = OpenSSL.digest(canonical, signer.algorithm.digest) else {
            throw SigningError(.permanent, "cannot digest the document")
        }
        let digestText = digest.base64EncodedString()
        guard
            let signedInfo = WrittenFormCanonical.signedInfo(
                of: template(signer: signer, digest: digestText, signature: ""), rootNamespace: rootNamespace)
        else { throw SigningError(.permanent, "cannot canonicalise SignedInfo") }
        return (digestText, try signatureValue(over: signedInfo, signer: signer))
    }

    /// The digest and signature values through libxml2: the document parsed with the signature
    /// template in place, canonicalised without it.
    private static func computeValuesParsing(_ xml: Data, close: Data.Index, signer: any Signer) throws(SigningError) -> (
        String, String
    ) {
        // The template is parsed with empty values: the digest covers the document without the
        // Signature, and SignedInfo is canonicalised after its DigestValue is filled in.
        var staged = Data(xml[..<close])
        let indent = Data("\t".utf8)
        staged.append(indent)
        staged.append(Data(template(signer: signer, digest: "", signature: "").utf8))
        staged.append(Data("\n".utf8))
        staged.append(xml[close...])

        let outcome: Result<(String, String), SigningError>
        do {
            outcome = try XMLDocumentParser.withDocument(staged) {
                (document) throws(XMLParseError) -> Result<(String, String), SigningError> in
                compute(document, signer: signer)
            }
        } catch {
            throw SigningError(.permanent, "cannot sign: \(error.localizedDescription)")
        }
        switch outcome {
        case .success(let pair): return pair
        case .failure(let failure): throw failure
        }
    }

    private static func compute(_ document: xmlDocPtr, signer: any Signer) -> Result<(String, String), SigningError> {
        Result { () throws(SigningError) -> (String, String) in try computeValues(document, signer: signer) }
    }

    private static func computeValues(_ document: xmlDocPtr, signer: any Signer) throws(SigningError) -> (String, String) {
        guard let signatureNode = Canonicalizer.element(document, "/*/ds:Signature"),
            let canonical = Canonicalizer.canonicalize(document, .excluding(signatureNode)),
            let digest = OpenSSL.digest(canonical, signer.algorithm.digest)
        else { throw SigningError(.permanent, "cannot canonicalise the document") }
        let digestText = digest.base64EncodedString()
        guard let digestNode = Canonicalizer.element(document, "/*/ds:Signature/ds:SignedInfo/ds:Reference/ds:DigestValue") else {
            throw SigningError(.permanent, "the signature template is incomplete")
        }
        xmlNodeSetContent(digestNode, digestText)
        guard let signedInfoNode = Canonicalizer.element(document, "/*/ds:Signature/ds:SignedInfo"),
            let signedInfo = Canonicalizer.canonicalize(document, .subtree(signedInfoNode))
        else {
            throw SigningError(.permanent, "cannot canonicalise SignedInfo")
        }
        return (digestText, try signatureValue(over: signedInfo, signer: signer))
    }

    /// Signs canonical `SignedInfo`; the value in Base64.
    private static func signatureValue(over signedInfo: Data, signer: any Signer) throws(SigningError) -> String {
        let signature = try signer.sign(signedInfo)
        // The signature must verify with the certificate sent beside it (the built-in signers make
        // sure of it themselves): a key that does not match its certificate fails every
        // verification at customs (-621029). The digest needs no such
        // check: the document outside the signature goes out byte for byte as it was digested.
        if !signer.checksSignatures, try !Self.verifies(signature, over: signedInfo, signer: signer) {
            throw SigningError(
                .permanent,
                "the new signature does not verify with the signing certificate (do the key and the certificate belong together?)")
        }
        return signature.base64EncodedString()
    }

    private static func verifies(_ signature: Data, over signedInfo: Data, signer: any Signer) throws(SigningError) -> Bool {
        guard let key = try CertificateCache.shared.certificate(der: signer.certificate).publicKey else { return false }
        return OpenSSL.verify(signedInfo, signature: signature, key: key, digest: signer.algorithm.digest)
    }

    static func template(signer: any Signer, digest: String, signature: String) -> String {
        var out = "<ds:Signature xmlns:ds=\"\(namespace)\"><ds:SignedInfo>"
        out += "<ds:CanonicalizationMethod Algorithm=\"\(c14n)\"></ds:CanonicalizationMethod>"
        out += "<ds:SignatureMethod Algorithm=\"\(signer.algorithm.signatureMethod)\"></ds:SignatureMethod>"
        out += "<ds:Reference URI=\"\"><ds:Transforms><ds:Transform Algorithm=\"\(enveloped)\"></ds:Transform></ds:Transforms>"
        out += "<ds:DigestMethod Algorithm=\"\(signer.algorithm.digestMethod)\"></ds:DigestMethod>"
        out += "<ds:DigestValue>\(digest)</ds:DigestValue></ds:Reference></ds:SignedInfo>"
        out += "<ds:SignatureValue>\(signature)</ds:SignatureValue>"
        out += "<ds:KeyInfo><ds:KeyName>"
        XMLEscaping.appendText(signer.keyName, to: &out)
        out +=
            "</ds:KeyName><ds:X509Data><ds:X509Certificate>\(signer.certificate.base64EncodedString())</ds:X509Certificate></ds:X509Data></ds:KeyInfo>"
        out += "</ds:Signature>"
        return out
    }

    /// Whether `needle` occurs in `xml`.
    static func contains(_ xml: Data, _ needle: StaticString) -> Bool {
        let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard let first = pattern.first else { return true }
        return xml.withUnsafeBytes { (haystack: UnsafeRawBufferPointer) -> Bool in
            let bytes = haystack.bindMemory(to: UInt8.self)
            guard bytes.count >= pattern.count, let base = bytes.baseAddress, let patternBase = pattern.baseAddress else { return false }
            var index = 0
            let last = bytes.count - pattern.count
            while index <= last {
                if bytes[index] == first, memcmp(base + index, patternBase, pattern.count) == 0 { return true }
                index += 1
            }
            return false
        }
    }

    /// Where the root's closing tag starts: the last `</` of the document.
    static func closingTagStart(of xml: Data) -> Data.Index? {
        var index = xml.endIndex
        while index > xml.startIndex {
            index = xml.index(before: index)
            if xml[index] == UInt8(ascii: "<"), xml.index(after: index) < xml.endIndex, xml[xml.index(after: index)] == UInt8(ascii: "/") {
                return index
            }
        }
        return nil
    }

    /// The canonical `SignedInfo` of a signed document: the exact bytes its signature value signs
    /// (what an external signer is handed).
    public static func canonicalSignedInfo(of xml: Data) -> Data? {
        try? XMLDocumentParser.withDocument(xml) { (document) throws(XMLParseError) -> Data? in
            Canonicalizer.element(document, "/*/ds:Signature/ds:SignedInfo").flatMap { Canonicalizer.canonicalize(document, .subtree($0)) }
        }
    }

    // MARK: verification

    /// The outcome of checking a signed document.
    public enum Verification: Sendable, Hashable {
        case valid(keyName: String, algorithm: SignatureAlgorithm)
        case noSignature
        case digestMismatch
        case badSignature
        case unsupported(String)
        case malformed(String)

        public var isValid: Bool {
            if case .valid = self { return true }
            return false
        }

        public var reason: String {
            switch self {
            case .valid(let keyName, let algorithm): "valid (\(algorithm.rawValue), key \(keyName))"
            case .noSignature: "no signature: the document has no ds:Signature as the last child of its root"
            case .digestMismatch: "digest mismatch: the document was changed after it was signed"
            case .badSignature: "bad signature: SignedInfo was not signed by the certificate's key"
            case .unsupported(let what): "unsupported: \(what)"
            case .malformed(let what): "malformed: \(what)"
            }
        }
    }

    /// Verifies the enveloped signature of `xml`, against `certificate` when given, else against
    /// the certificate the signature carries.
    public static func verify(_ xml: Data, certificate: Certificate? = nil) -> Verification {
        do {
            return try XMLDocumentParser.withDocument(xml) { (document) throws(XMLParseError) -> Verification in
                check(document, certificate: certificate)
            }
        } catch {
            return .malformed(error.localizedDescription)
        }
    }

    private static func check(_ document: xmlDocPtr, certificate: Certificate?) -> Verification {
        guard let signatureNode = Canonicalizer.element(document, "/*/ds:Signature[last()]") else { return .noSignature }
        if let problem = SignatureShape.problem(document: document, signature: signatureNode) { return .malformed(problem) }
        let method =
            Canonicalizer.attribute(Canonicalizer.element(document, "/*/ds:Signature/ds:SignedInfo/ds:SignatureMethod"), "Algorithm") ?? ""
        let digestMethod =
            Canonicalizer.attribute(
                Canonicalizer.element(document, "/*/ds:Signature/ds:SignedInfo/ds:Reference/ds:DigestMethod"), "Algorithm") ?? ""
        guard let algorithm = SignatureAlgorithm(signatureMethod: method) else { return .unsupported("signature method \(method)") }
        guard let digestKind = Digest(uri: digestMethod) else { return .unsupported("digest method \(digestMethod)") }
        let c14nMethod = Canonicalizer.attribute(
            Canonicalizer.element(document, "/*/ds:Signature/ds:SignedInfo/ds:CanonicalizationMethod"), "Algorithm")
        guard c14nMethod == c14n else { return .unsupported("canonicalization \(c14nMethod ?? "(none)")") }
        let uri = Canonicalizer.attribute(Canonicalizer.element(document, "/*/ds:Signature/ds:SignedInfo/ds:Reference"), "URI")
        guard uri == "" else { return .unsupported("Reference URI \(uri ?? "(none)"); customs signatures cover the whole document") }
        let storedDigest = Canonicalizer.text(Canonicalizer.element(document, "/*/ds:Signature/ds:SignedInfo/ds:Reference/ds:DigestValue"))
        let signatureText = Canonicalizer.text(Canonicalizer.element(document, "/*/ds:Signature/ds:SignatureValue"))
        guard let stored = Data(base64Encoded: storedDigest, options: .ignoreUnknownCharacters),
            let signature = Data(base64Encoded: signatureText, options: .ignoreUnknownCharacters)
        else { return .malformed("DigestValue or SignatureValue is not Base64") }
        guard let canonical = Canonicalizer.canonicalize(document, .excluding(signatureNode)),
            let digest = OpenSSL.digest(canonical, digestKind)
        else { return .malformed("cannot canonicalise the document") }
        guard digest == stored else { return .digestMismatch }
        let verifying: Certificate
        if let certificate {
            verifying = certificate
        } else {
            let embedded = Canonicalizer.text(Canonicalizer.element(document, "/*/ds:Signature/ds:KeyInfo/ds:X509Data/ds:X509Certificate"))
            guard let der = Data(base64Encoded: embedded, options: .ignoreUnknownCharacters),
                let parsed = try? CertificateCache.shared.certificate(der: der)
            else {
                return .malformed("no usable X509Certificate in KeyInfo; pass the certificate")
            }
            verifying = parsed
        }
        guard let signedInfoNode = Canonicalizer.element(document, "/*/ds:Signature/ds:SignedInfo"),
            let signedInfo = Canonicalizer.canonicalize(document, .subtree(signedInfoNode)), let key = verifying.publicKey
        else {
            return .malformed("cannot canonicalise SignedInfo")
        }
        guard OpenSSL.verify(signedInfo, signature: signature, key: key, digest: algorithm.digest) else { return .badSignature }
        let keyName = Canonicalizer.text(Canonicalizer.element(document, "/*/ds:Signature/ds:KeyInfo/ds:KeyName"))
        return .valid(keyName: keyName, algorithm: algorithm)
    }
}
