import CEBMessages
import Foundation
import SchemaValidation
import SwgateTestSupport
import Testing
import XMLSupport

@Suite("Schemas accept what customs accepts")
struct SampleValidationTests {
    static let validator: SchemaValidator? = try? SchemaValidator()

    @Test("all 16 official samples are valid")
    func officialSamples() throws {
        let validator = try #require(Self.validator)
        #expect(Fixtures.sampledTypes.count == 16)
        for type in Fixtures.sampledTypes {
            let result = validator.validate(try Fixtures.sample(type))
            #expect(result.isValid, "\(type.rawValue): \(result.issues)")
            #expect(result.rootName == type.rawValue)
        }
    }

    @Test(
        "validating and reading in one parse gives the tree a plain parse gives: indentation left out, a leaf's whitespace kept",
        arguments: Fixtures.sampledTypes)
    func validatedTree(type: CEBMessageType) throws {
        let validator = try #require(Self.validator)
        let data = try Fixtures.sample(type)
        let (result, root) = validator.validatedTree(data)
        #expect(result.isValid, "\(result.issues)")
        #expect(try #require(root) == (try XMLDocumentParser.parse(data)))
        // A leaf whose whole content is whitespace keeps it; the indentation around it does not count.
        let text = String(decoding: data, as: UTF8.self)
        guard let open = text.range(of: "<ceb:copNo>"), let close = text.range(of: "</ceb:copNo>", range: open.upperBound..<text.endIndex)
        else { return }
        let blank = Data(text.replacingCharacters(in: open.upperBound..<close.lowerBound, with: "  ").utf8)
        let blankRoot = try #require(validator.validatedTree(blank).root, "a blank copNo is still valid")
        #expect(blankRoot == (try XMLDocumentParser.parse(blank)))
        func texts(of name: String, in node: XMLNode) -> [String] {
            (node.name == name ? [node.text] : []) + node.children.flatMap { texts(of: name, in: $0) }
        }
        #expect(texts(of: "copNo", in: blankRoot).first == "  ")
    }

    @Test("every declaration type written by CEBMessages is valid")
    func writtenDeclarations() throws {
        let validator = try #require(Self.validator)
        let declarations = SampleDeclarations.all()
        #expect(Set(declarations.map { type(of: $0).messageType }) == Set(CEBMessageType.allCases.filter(\.isDeclaration)))
        for declaration in declarations {
            let result = validator.validate(declaration.xmlData())
            #expect(result.isValid, "\(type(of: declaration).messageType.rawValue): \(result.issues)")
        }
    }

    @Test("receipts written by CEBMessages are valid, including the unsampled 816, 818 and 900")
    func writtenReceipts() throws {
        let validator = try #require(Self.validator)
        let tax = CEB816Message(taxBills: [
            TaxBill(
                head: TaxHeadRd(
                    guid: CEBGuid.make(), returnTime: "20261125103000123", invtNo: "29212026I000000001", taxNo: "T1", customsTax: 0,
                    valueAddedTax: 1, consumptionTax: 0, status: "1"),
                lines: [TaxListRd(gnum: 1, gcode: "1901101000", taxPrice: 10, customsTax: 0, valueAddedTax: 1, consumptionTax: 0)])
        ])
        let status = CEB818Message(taxStatuses: [
            TaxHeadStatus(guid: CEBGuid.make(), returnTime: "20261125103000123", invtNo: "29212026I000000001", taxNo: "T1", status: "2")
        ])
        let format = CEB900Message(
            messageReturn: MessageReturn(
                guid: CEBGuid.make(), returnStatus: "-1", returnInfo: "", returnTime: "20261125103000123", oriCopMsgId: "",
                oriMessageType: "Unknown", oriBizMessage: ""))
        for data in [tax.xmlData(), status.xmlData(), format.xmlData()] {
            let result = validator.validate(data)
            #expect(result.isValid, "\(result.issues)")
        }
    }

    @Test("one validator is safe to share across concurrent tasks")
    func concurrentUse() async throws {
        let validator = try #require(Self.validator)
        let good = SampleDeclarations.inventory().xmlData()
        let bad = SampleDeclarations.inventory().xmlString().replacingFirst(
            "<ceb:ieFlag>I</ceb:ieFlag>", with: "<ceb:ieFlag>II</ceb:ieFlag>")
        let counts = await withTaskGroup(of: (Bool, Int).self) { group in
            for index in 0..<64 {
                group.addTask {
                    let result = validator.validate(index.isMultiple(of: 2) ? good : Data(bad.utf8))
                    return (index.isMultiple(of: 2), result.issues.count)
                }
            }
            var pairs: [(Bool, Int)] = []
            for await pair in group { pairs.append(pair) }
            return pairs
        }
        #expect(counts.count == 64)
        #expect(counts.allSatisfy { $0.0 ? $0.1 == 0 : $0.1 == 1 })
    }
}
