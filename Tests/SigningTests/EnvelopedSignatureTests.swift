import CEBMessages
import Foundation
import SchemaValidation
import Signing
import SwgateTestSupport
import Testing
import XMLSupport

@Suite("Enveloped XML signatures")
struct EnvelopedSignatureTests {
    static let keys = Fixtures.checkout.appendingPathComponent("examples/keys")

    static func signer(_ name: String, algorithm: SignatureAlgorithm? = nil) throws -> SoftwareSigner {
        try SoftwareSigner(
            keyFile: keys.appendingPathComponent("demo-\(name).key.pem"),
            certificateFile: keys.appendingPathComponent("demo-\(name).cert.pem"),
            algorithm: algorithm
        )
    }

    /// An unsigned inventory as the writer produces it.
    static func unsignedInventory() -> Data {
        var inventory = SampleDeclarations.inventory()
        inventory.signature = nil
        return inventory.xmlData()
    }

    @Test(
        "RSA-SHA1: signs, verifies, stays schema-valid, and only the signature is added",
        arguments: [SignatureAlgorithm.rsaSHA1, .rsaSHA256])
    func rsa(_ algorithm: SignatureAlgorithm) throws {
        let unsigned = Self.unsignedInventory()
        let signed = try EnvelopedSignature.sign(unsigned, with: try Self.signer("rsa", algorithm: algorithm))
        #expect(EnvelopedSignature.verify(signed).isValid)
        let validation = try SchemaValidator().validate(signed)
        #expect(validation.isValid, "\(validation.issues)")
        // Everything but the inserted signature line is byte-for-byte the input.
        let text = String(decoding: signed, as: UTF8.self)
        let withoutSignature = text.replacingOccurrences(of: #"\t<ds:Signature [^\n]*\n"#, with: "", options: .regularExpression)
        #expect(Data(withoutSignature.utf8) == unsigned)
        #expect(text.contains(algorithm.signatureMethod))
    }

    @Test("any change to a signed field is a digest mismatch; a changed SignedInfo is a bad signature")
    func tampering() throws {
        let signed = String(decoding: try EnvelopedSignature.sign(Self.unsignedInventory(), with: try Self.signer("rsa")), as: UTF8.self)
        for (from, to) in [
            ("<ceb:buyerName>李娜</ceb:buyerName>", "<ceb:buyerName>李 娜</ceb:buyerName>"), ("<ceb:qty>2</ceb:qty>", "<ceb:qty>3</ceb:qty>"),
            ("<ceb:appTime>", "<ceb:appTime>2"),
        ] {
            let tampered = signed.replacingFirst(from, with: to)
            #expect(tampered != signed)
            #expect(EnvelopedSignature.verify(Data(tampered.utf8)) == .digestMismatch, "\(from)")
        }
        let forged = signed.replacingFirst("<ds:Reference URI=\"\">", with: "<ds:Reference URI=\"\" Id=\"x\">")
        #expect(EnvelopedSignature.verify(Data(forged.utf8)) == .badSignature)
        #expect(EnvelopedSignature.verify(Self.unsignedInventory()) == .noSignature)
    }

    @Test("a signed document is never signed twice, whatever the prefix of its signature; a goods name saying Signature is no signature")
    func alreadySigned() throws {
        let signer = try Self.signer("rsa")
        let signed = try EnvelopedSignature.sign(Self.unsignedInventory(), with: signer)
        #expect(throws: SigningError.self) { try EnvelopedSignature.sign(signed, with: signer) }
        let otherPrefix = String(decoding: signed, as: UTF8.self).replacingOccurrences(of: "ds:", with: "sig:").replacingOccurrences(
            of: "xmlns:ds=", with: "xmlns:sig=")
        #expect(throws: SigningError.self) { try EnvelopedSignature.sign(Data(otherPrefix.utf8), with: signer) }
        let named = String(decoding: Self.unsignedInventory(), as: UTF8.self).replacingFirst(
            "<ceb:gmodel>900克/罐", with: "<ceb:gmodel>Signature series 900克/罐")
        #expect(named.contains("Signature series"))
        #expect(EnvelopedSignature.verify(try EnvelopedSignature.sign(Data(named.utf8), with: signer)).isValid)
    }

    @Test("a signature from another key fails against the expected certificate")
    func wrongCertificate() throws {
        let signed = try EnvelopedSignature.sign(Self.unsignedInventory(), with: try Self.signer("rsa"))
        let other = try Certificate(contentsOf: Self.keys.appendingPathComponent("demo-sm2.cert.pem"))
        #expect(!EnvelopedSignature.verify(signed, certificate: other).isValid)
    }

    @Test("SM2-SM3 round-trips, and OpenSSL's own SM2 verification accepts the signature")
    func sm2() throws {
        let signed = try EnvelopedSignature.sign(Self.unsignedInventory(), with: try Self.signer("sm2"))
        guard case .valid(_, let algorithm) = EnvelopedSignature.verify(signed) else {
            Issue.record("SM2 signature did not verify")
            return
        }
        #expect(algorithm == .sm2SM3)
        // Independent check with the openssl command line.
        let folder = try Fixtures.temporaryDirectory()
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let signedInfo = try #require(EnvelopedSignature.canonicalSignedInfo(of: signed))
        let text = String(decoding: signed, as: UTF8.self)
        let value = try #require(text.range(of: #"(?<=<ds:SignatureValue>)[^<]+"#, options: .regularExpression).map { String(text[$0]) })
        try signedInfo.write(to: folder.appendingPathComponent("signedinfo"))
        try #require(Data(base64Encoded: value)).write(to: folder.appendingPathComponent("signature"))
        let pub = try Fixtures.runTool(
            "/usr/bin/openssl",
            [
                "x509", "-in", Self.keys.appendingPathComponent("demo-sm2.cert.pem").path, "-pubkey", "-noout", "-out",
                folder.appendingPathComponent("pub.pem").path,
            ])
        #expect(pub == 0)
        let status = try Fixtures.runTool(
            "/usr/bin/openssl",
            [
                "dgst", "-sm3", "-verify", folder.appendingPathComponent("pub.pem").path, "-sigopt", "distid:1234567812345678",
                "-signature", folder.appendingPathComponent("signature").path, folder.appendingPathComponent("signedinfo").path,
            ])
        #expect(status == 0)
    }

    @Test("xmlsec1 verifies swgate's RSA-SHA1 signature, and swgate verifies xmlsec1's")
    func xmlsecInterop() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/xmlsec1") else {
            Issue.record("xmlsec1 is missing: run make deps")
            return
        }
        let folder = try Fixtures.temporaryDirectory()
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let cert = Self.keys.appendingPathComponent("demo-rsa.cert.pem").path
        let key = Self.keys.appendingPathComponent("demo-rsa.key.pem").path
        let ours = folder.appendingPathComponent("ours.xml")
        try EnvelopedSignature.sign(Self.unsignedInventory(), with: try Self.signer("rsa")).write(to: ours)
        #expect(try Fixtures.runTool("/usr/bin/xmlsec1", ["--verify", "--trusted-pem", cert, ours.path]) == 0)

        var text = String(decoding: Self.unsignedInventory(), as: UTF8.self)
        let template = """
            <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/>\
            <ds:SignatureMethod Algorithm="http://www.w3.org/2000/09/xmldsig#rsa-sha1"/><ds:Reference URI=""><ds:Transforms>\
            <ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/></ds:Transforms>\
            <ds:DigestMethod Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/><ds:DigestValue/></ds:Reference></ds:SignedInfo>\
            <ds:SignatureValue/><ds:KeyInfo><ds:KeyName>xmlsec</ds:KeyName><ds:X509Data><ds:X509Certificate/></ds:X509Data></ds:KeyInfo></ds:Signature>

            """
        text = text.replacingFirst("</ceb:CEB621Message>", with: template + "</ceb:CEB621Message>")
        let templateFile = folder.appendingPathComponent("template.xml")
        try Data(text.utf8).write(to: templateFile)
        let theirs = folder.appendingPathComponent("theirs.xml")
        #expect(
            try Fixtures.runTool(
                "/usr/bin/xmlsec1", ["--sign", "--privkey-pem", "\(key),\(cert)", "--output", theirs.path, templateFile.path]) == 0)
        #expect(EnvelopedSignature.verify(try Data(contentsOf: theirs)).isValid)
    }

    @Test("a key that does not match its certificate, or the wrong algorithm for the key, is refused")
    func mismatches() throws {
        let rsaKey = try Data(contentsOf: Self.keys.appendingPathComponent("demo-rsa.key.pem"))
        let sm2Certificate = try Certificate(contentsOf: Self.keys.appendingPathComponent("demo-sm2.cert.pem"))
        #expect(throws: SigningError.self) { try SoftwareSigner(keyPEM: rsaKey, certificate: sm2Certificate) }
        #expect(throws: SigningError.self) { try Self.signer("rsa", algorithm: .sm2SM3) }
        #expect(throws: SigningError.self) {
            try EnvelopedSignature.sign(
                try EnvelopedSignature.sign(Self.unsignedInventory(), with: try Self.signer("rsa")), with: try Self.signer("rsa"))
        }
        let certificate = try Certificate(contentsOf: Self.keys.appendingPathComponent("demo-rsa.cert.pem"))
        #expect(certificate.secondsUntilExpiry > 86_400 * 300)
    }

    @Test("parser contexts reused on one thread: a tree parse, a malformed document and a flood of names leave signatures exact")
    func reusedParserContexts() throws {
        let signed = try EnvelopedSignature.sign(Self.unsignedInventory(), with: try Self.signer("rsa"))
        #expect(EnvelopedSignature.verify(signed).isValid)
        // A tree parse drops indentation (its context's handlers change for good); the signature's
        // parse must still see every byte of whitespace.
        _ = try XMLDocumentParser.parse(signed)
        #expect(EnvelopedSignature.verify(signed).isValid, "after a tree parse on this thread")
        // A failed parse leaves nothing behind for the next one, and each error is its own.
        let mismatch = #expect(throws: XMLParseError.self) { try XMLDocumentParser.parse(Data("<a><b></a>".utf8)) }
        #expect(try XMLDocumentParser.parse(Data("<a><b/></a>".utf8)).children.map(\.name) == ["b"])
        let unterminated = #expect(throws: XMLParseError.self) { try XMLDocumentParser.parse(Data("<a><c>".utf8)) }
        #expect(mismatch?.message != unterminated?.message)
        #expect(EnvelopedSignature.verify(signed).isValid, "after failed parses on this thread")
        // Thousands of element names: the context holding them is replaced, and parsing goes on.
        let names = (0..<5_000).map { "<n\($0)/>" }.joined()
        #expect(try XMLDocumentParser.parse(Data("<r>\(names)</r>".utf8)).children.count == 5_000)
        #expect(try EnvelopedSignature.verify(EnvelopedSignature.sign(Self.unsignedInventory(), with: try Self.signer("rsa"))).isValid)
    }

    /// A signer whose key is not the one its certificate names (a swapped file, a USB key with
    /// another enterprise's certificate): every signature it makes fails at customs.
    struct MismatchedSigner: Signer {
        let inner: SoftwareSigner
        let certificate: Data
        var algorithm: SignatureAlgorithm { inner.algorithm }
        var keyName: String { inner.keyName }
        func sign(_ data: Data) throws(SigningError) -> Data { try inner.sign(data) }
    }

    @Test("a signature is checked against the certificate sent with it before the document is given back")
    func signatureCheckedAgainstItsCertificate() throws {
        let other = try Certificate(contentsOf: Self.keys.appendingPathComponent("demo-sm2.cert.pem"))
        let mismatched = MismatchedSigner(inner: try Self.signer("rsa"), certificate: other.der)
        do {
            _ = try EnvelopedSignature.sign(Self.unsignedInventory(), with: mismatched)
            Issue.record("a signature the certificate does not verify was given back")
        } catch {
            #expect(error.kind == .permanent && error.message.contains("does not verify with the signing certificate"), "\(error)")
        }
        // The matching pair signs, and what it signs verifies in full.
        let rsa = try Self.signer("rsa")
        let signed = try EnvelopedSignature.sign(Self.unsignedInventory(), with: MismatchedSigner(inner: rsa, certificate: rsa.certificate))
        #expect(EnvelopedSignature.verify(signed).isValid)
    }
}
