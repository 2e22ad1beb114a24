import CEBMessages
import Foundation
import SchemaValidation
import SwgateTestSupport
import Testing

/// Declarations customs wants signed are validated before they are signed (at dispatch): the one
/// finding let through is the missing `ds:Signature`, and only that one.
@Suite("Declarations validated before signing")
struct UnsignedValidationTests {
    static let validator: SchemaValidator? = try? SchemaValidator()

    static func unsigned(_ type: CEBMessageType) -> String {
        switch type {
        case .ceb623:
            var message = SampleDeclarations.cancellation()
            message.signature = nil
            return message.xmlString()
        case .ceb625:
            var message = SampleDeclarations.refund()
            message.signature = nil
            return message.xmlString()
        default:
            var message = SampleDeclarations.inventory()
            message.signature = nil
            return message.xmlString()
        }
    }

    @Test("the missing signature is no issue; checked as a signed message it is one", arguments: [CEBMessageType.ceb621, .ceb623, .ceb625])
    func missingSignature(type: CEBMessageType) throws {
        let validator = try #require(Self.validator)
        let xml = Data(Self.unsigned(type).utf8)
        let signed = validator.validate(xml)
        #expect(signed.issues.count == 1)
        #expect(signed.issues.first?.message.contains("ds:Signature") == true)
        #expect(validator.validateUnsigned(xml).issues.isEmpty)
    }

    @Test("every other finding stays: a wrong value, and a missing child that is not the signature")
    func otherFindingsStay() throws {
        let validator = try #require(Self.validator)
        let xml = Self.unsigned(.ceb621)
        let wrongValue = xml.replacingOccurrences(of: "<ceb:customsCode>2921<", with: "<ceb:customsCode>29210<")
        #expect(wrongValue != xml)
        let wrong = validator.validateUnsigned(Data(wrongValue.utf8)).issues
        #expect(wrong.count == 1)
        #expect(wrong.first?.message.contains("customsCode") == true)
        let noTransfer = xml.replacingOccurrences(
            of: #"(?s)<ceb:BaseTransfer>.*</ceb:BaseTransfer>"#, with: "", options: .regularExpression)
        #expect(noTransfer != xml)
        let missing = validator.validateUnsigned(Data(noTransfer.utf8)).issues
        #expect(missing.count == 1)
        #expect(missing.first?.message.contains("Missing child element") == true)
    }
}
