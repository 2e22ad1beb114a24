import CEBMessages
import Foundation
import SwgateTestSupport
import Testing

@testable import Signing

/// Signing reads the canonical form of a document the writer produced off its bytes; it must
/// give exactly what libxml2's Canonical XML gives, and leave every other document to libxml2.
@Suite("Canonical form read off the writer's bytes")
struct WrittenFormCanonicalTests {
    /// Unsigned inventories as the writer produces them, with text that needs escaping.
    static let written: [Data] = {
        var plain = SampleDeclarations.inventory()
        plain.signature = nil
        var escaped = plain
        escaped.inventories[0].head.buyerName = "张三 & <李四> \t\"王\"'五'"
        escaped.inventories[0].head.note = "多行\n备注 ]]> &amp; 已转义"
        var twoLines = plain
        twoLines.inventories[0].lines.append(twoLines.inventories[0].lines[0])
        twoLines.inventories[0].lines[1].gnum = 2
        return [plain.xmlData(), escaped.xmlData(), twoLines.xmlData()]
    }()

    static func signer(_ algorithm: SignatureAlgorithm) throws -> SoftwareSigner {
        let keys = Fixtures.checkout.appendingPathComponent("examples/keys")
        return try SoftwareSigner(
            keyFile: keys.appendingPathComponent("demo-rsa.key.pem"), certificateFile: keys.appendingPathComponent("demo-rsa.cert.pem"),
            algorithm: algorithm)
    }

    @Test(
        "a written document is read off its bytes and signed exactly as through libxml2",
        arguments: [SignatureAlgorithm.rsaSHA1, .rsaSHA256])
    func sameSignature(algorithm: SignatureAlgorithm) throws {
        let signer = try Self.signer(algorithm)
        for xml in Self.written {
            let close = try #require(EnvelopedSignature.closingTagStart(of: xml))
            #expect(WrittenFormCanonical.document(xml, close: close) != nil, "the shortcut must be taken for the writer's own output")
            let read = try EnvelopedSignature.sign(xml, with: signer, readingWrittenForm: true)
            let parsed = try EnvelopedSignature.sign(xml, with: signer, readingWrittenForm: false)
            #expect(read == parsed)
            #expect(EnvelopedSignature.verify(read).isValid)
        }
    }

    /// Changes to the writer's output that canonicalisation would not leave as they are, or
    /// that are not the writer's shape: each goes to libxml2.
    static let variants: [(String, String, String)] = [
        ("a carriage return", "<ceb:buyerName>", "<ceb:buyerName>&#13;"),
        ("a character reference", "<ceb:buyerName>", "<ceb:buyerName>&#x4E2D;"),
        ("a quote reference", "<ceb:buyerName>", "<ceb:buyerName>&quot;"),
        ("a raw greater-than sign", "<ceb:buyerName>", "<ceb:buyerName>a>b"),
        ("a comment", "<ceb:buyerName>", "<!-- c --><ceb:buyerName>"),
        ("an attribute", "<ceb:InventoryHead>", "<ceb:InventoryHead id=\"h\">"),
        ("an empty-element tag", "<ceb:buyerName>", "<ceb:x/><ceb:buyerName>"),
        ("another prefix", "<ceb:buyerName>", "<x:y xmlns:x=\"urn:x\"></x:y><ceb:buyerName>"),
        ("a byte-order mark", "<?xml", "\u{FEFF}<?xml"),
        ("attributes in another order", " guid=", " version=\"1.0\" guid="),
        ("U+FFFF", "<ceb:buyerName>", "<ceb:buyerName>\u{FFFF}"),
        ("text after the root", "</ceb:CEB621Message>\n", "</ceb:CEB621Message>\n<!-- after -->\n"),
    ]

    @Test("anything but the writer's exact shape is left to libxml2, and signed the same", arguments: variants)
    func otherShapes(variant: (String, String, String)) throws {
        let (label, target, replacement) = variant
        let text = String(decoding: Self.written[0], as: UTF8.self)
        let changed = Data(text.replacingFirst(target, with: replacement).utf8)
        #expect(changed != Self.written[0], "\(label)")
        let close = try #require(EnvelopedSignature.closingTagStart(of: changed))
        #expect(WrittenFormCanonical.document(changed, close: close) == nil, "\(label)")
        let signer = try Self.signer(.rsaSHA1)
        let read = Result { try EnvelopedSignature.sign(changed, with: signer, readingWrittenForm: true) }
        let parsed = Result { try EnvelopedSignature.sign(changed, with: signer, readingWrittenForm: false) }
        #expect((try? read.get()) == (try? parsed.get()), "\(label)")
    }

    @Test("a root prefixed ds, like the signature, is left to libxml2 and signed the same")
    func rootPrefixedDS() throws {
        let text = String(decoding: Self.written[0], as: UTF8.self)
            .replacingOccurrences(of: "ceb:", with: "ds:").replacingOccurrences(of: "xmlns:ceb=", with: "xmlns:ds=")
        let xml = Data(text.utf8)
        let close = try #require(EnvelopedSignature.closingTagStart(of: xml))
        #expect(WrittenFormCanonical.document(xml, close: close) == nil)
        let signer = try Self.signer(.rsaSHA1)
        let read = try EnvelopedSignature.sign(xml, with: signer, readingWrittenForm: true)
        #expect(read == (try EnvelopedSignature.sign(xml, with: signer, readingWrittenForm: false)))
    }

    @Test("tags that do not match are not read off the bytes, and libxml2 refuses to sign them")
    func mismatchedTags() throws {
        let text = String(decoding: Self.written[0], as: UTF8.self).replacingFirst("</ceb:buyerName>", with: "</ceb:buyerNam>")
        let xml = Data(text.utf8)
        let close = try #require(EnvelopedSignature.closingTagStart(of: xml))
        #expect(WrittenFormCanonical.document(xml, close: close) == nil)
        #expect(throws: SigningError.self) { try EnvelopedSignature.sign(xml, with: try Self.signer(.rsaSHA1)) }
    }
}
