import CEBMessages
import Foundation
import SchemaValidation
import SwgateTestSupport
import Testing
import XMLSupport

@Suite("Hostile and broken XML")
struct HostileInputTests {
    static let validator: SchemaValidator? = try? SchemaValidator()

    @Test("an external entity pointing at a local file is refused without reading the file")
    func externalEntity() throws {
        let validator = try #require(Self.validator)
        let folder = try Fixtures.temporaryDirectory()
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let secret = folder.appendingPathComponent("secret.txt")
        try Data("TOP-SECRET-\(UUID().uuidString)".utf8).write(to: secret)
        // A FIFO: any attempt to open it for reading would block the test until its time limit.
        let fifo = folder.appendingPathComponent("fifo")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        for target in [secret, fifo] {
            let xml = """
                <?xml version="1.0"?>
                <!DOCTYPE ceb:CEB312Message [ <!ENTITY leak SYSTEM "file://\(target.path)"> ]>
                <ceb:CEB312Message xmlns:ceb="http://www.chinaport.gov.cn/ceb" guid="4CDE1CFD-EDED-46B1-946C-B8022E42FC94" version="1.0">
                <ceb:OrderReturn><ceb:guid>&leak;</ceb:guid></ceb:OrderReturn></ceb:CEB312Message>
                """
            let started = ContinuousClock.now
            let result = validator.validate(Data(xml.utf8))
            #expect(ContinuousClock.now - started < .seconds(1))
            #expect(!result.isValid)
            #expect(result.issues.first?.message.contains("DOCTYPE") == true)
            #expect(!result.issues.contains { $0.message.contains("TOP-SECRET") })
            #expect(throws: CEBDecodingError.self) { try ReceiptFile.read(Data(xml.utf8)) }
        }
    }

    @Test("an entity expansion bomb is refused fast")
    func entityBomb() throws {
        let validator = try #require(Self.validator)
        var entities = #"<!ENTITY a0 "ha">"#
        for level in 1...12 {
            entities += "<!ENTITY a\(level) \"" + String(repeating: "&a\(level - 1);", count: 10) + "\">"
        }
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE bomb [\(entities)]>\n<bomb>&a12;</bomb>"
        let started = ContinuousClock.now
        let result = validator.validate(Data(xml.utf8))
        #expect(ContinuousClock.now - started < .seconds(1))
        #expect(!result.isValid)
        #expect(throws: XMLParseError.self) { try XMLDocumentParser.parse(Data(xml.utf8)) }
    }

    @Test("a DOCTYPE after a comment and a processing instruction is still found")
    func hiddenDoctype() {
        let xml = "\u{FEFF}<?xml version=\"1.0\"?><!-- hi --><?pi x?>\n<!DOCTYPE x [<!ENTITY e \"v\">]><x>&e;</x>"
        do {
            _ = try XMLDocumentParser.parse(Data(xml.utf8))
            Issue.record("expected refusal")
        } catch {
            #expect(error.reason == .doctypeNotAllowed)
            #expect(error.line == 2)
        }
    }

    @Test("a truncated file is refused with a line number")
    func truncated() throws {
        let validator = try #require(Self.validator)
        let full = String(decoding: try Fixtures.sample(.ceb621), as: UTF8.self)
        let cut = String(full.prefix(full.count / 2))
        let result = validator.validate(Data(cut.utf8))
        #expect(!result.isValid)
        #expect((result.issues.first?.line ?? 0) > 1)
        #expect(throws: CEBDecodingError.self) { try AnyCEBMessage.parse(Data(cut.utf8)) }
    }

    static let refusedBeforeParsing: [(name: String, xml: String)] = [
        (
            "a DOCTYPE",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE ceb:CEB311Message [<!ENTITY e \"v\">]>\n<ceb:CEB311Message xmlns:ceb=\"\(CEBNamespace.ceb)\">&e;</ceb:CEB311Message>"
        ),
        (
            "nesting past the limit under a customs root",
            "<ceb:CEB311Message xmlns:ceb=\"\(CEBNamespace.ceb)\">" + String(repeating: "<a>", count: 300)
                + String(repeating: "</a>", count: 300)
                + "</ceb:CEB311Message>"
        ),
        ("nothing", ""),
    ]

    @Test("validating with the tree refuses what the checks before parsing refuse, with their reason", arguments: refusedBeforeParsing)
    func validatedTreeRefuses(_ example: (name: String, xml: String)) throws {
        let validator = try #require(Self.validator)
        let data = Data(example.xml.utf8)
        let (result, root) = validator.validatedTree(data)
        #expect(!result.isValid, "\(example.name)")
        #expect(root == nil)
        #expect(result.issues.map(\.message) == validator.validate(data).issues.map(\.message), "\(example.name)")
    }

    @Test("empty, oversized, UTF-16 and non-XML input is refused with a reason")
    func otherRefusals() throws {
        #expect(throws: XMLParseError.self) { try XMLDocumentParser.parse(Data()) }
        #expect(throws: XMLParseError.self) { try XMLDocumentParser.parse(Data("   \n".utf8)) }
        #expect(throws: XMLParseError.self) { try XMLDocumentParser.parse(Data("{\"json\": true}".utf8)) }
        let big = Data(repeating: 0x20, count: 2048) + Data("<a/>".utf8)
        do {
            _ = try XMLDocumentParser.parse(big, limits: XMLParseLimits(maxBytes: 1024))
            Issue.record("expected refusal")
        } catch {
            #expect(error.reason == .tooLarge(limit: 1024))
        }
        let utf16 = Data([0xFF, 0xFE]) + "<a/>".data(using: .utf16LittleEndian, allowLossyConversion: false)!
        #expect(throws: XMLParseError.self) { try XMLDocumentParser.parse(utf16) }
        let validator = try #require(Self.validator)
        #expect(!validator.validate(Data("<root xmlns=\"urn:other\"/>".utf8)).isValid)
    }
}
