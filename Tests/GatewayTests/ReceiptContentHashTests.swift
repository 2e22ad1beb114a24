import CEBMessages
import JSONWriting
import Outbox
import Testing

@testable import Gateway

/// An answer's content hash decides at-most-once: outboxes already hold hashes of the canonical
/// text `type\nname=value…` (bill lines after "\n-\n"), so that text must never change.
@Suite("Receipt content hashes")
struct ReceiptContentHashTests {
    /// The canonical text and fields JSON, spelt out the plain way.
    static func reference(_ element: ReturnElement) -> (hash: String, json: String) {
        var canonical = element.messageType.rawValue + "\n" + element.fields.map { "\($0.name)=\($0.value)" }.joined(separator: "\n")
        for line in element.lines { canonical += "\n-\n" + line.map { "\($0.name)=\($0.value)" }.joined(separator: "\n") }
        let json =
            "{" + element.fields.map { "\(JSONString.quoted($0.name)): \(JSONString.quoted($0.value))" }.joined(separator: ", ") + "}"
        return (SHA256.hex(canonical), json)
    }

    static let elements: [ReturnElement] = {
        let fields = [
            ReturnField(name: "guid", value: "E3B0C442-98FC-1C14-9AFB-F4C8996FB924"), ReturnField(name: "returnStatus", value: "800"),
            ReturnField(name: "returnInfo", value: "[Code:2600;Desc:放行] \"引号\"\n第二行"),
        ]
        var bill = ReturnElement(messageType: .ceb816, elementName: "TaxHeadRd", fields: fields)
        bill.lines = [
            [ReturnField(name: "gnum", value: "1"), ReturnField(name: "taxPrice", value: "100.5")], [],
            [ReturnField(name: "gnum", value: "2")],
        ]
        return [
            ReturnElement(messageType: .ceb312, elementName: "OrderReturn", fields: []),
            ReturnElement(messageType: .ceb622, elementName: "InventoryReturn", fields: [ReturnField(name: "returnStatus", value: "2")]),
            ReturnElement(messageType: .ceb622, elementName: "InventoryReturn", fields: fields),
            bill,
        ]
    }()

    @Test("hash and fields JSON are those of the canonical text", arguments: elements)
    func unchanged(element: ReturnElement) {
        let answer = ReceiptIntake.incoming(element, source: "test", rawSHA256: "")
        let expected = Self.reference(element)
        #expect(answer.contentHash == expected.hash)
        #expect(answer.fieldsJSON == expected.json)
    }

    @Test(
        "the return time keyed with the hash is the answer's own, and none when it is missing or too long",
        arguments: [
            (
                [ReturnField(name: "returnStatus", value: "2"), ReturnField(name: "returnTime", value: "20261206120000123")],
                "20261206120000123"
            ),
            ([ReturnField(name: "returnStatus", value: "2")], ""),
            ([ReturnField(name: "returnTime", value: String(repeating: "9", count: 33))], ""),
        ])
    func returnTime(fields: [ReturnField], expected: String) {
        let element = ReturnElement(messageType: .ceb622, elementName: "InventoryReturn", fields: fields)
        #expect(ReceiptIntake.incoming(element, source: "test", rawSHA256: "").returnTime == expected)
    }
}
