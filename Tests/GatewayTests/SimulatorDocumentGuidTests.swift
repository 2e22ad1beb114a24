import CEBMessages
import Foundation
import SwgateTestSupport
import Testing

@testable import Simulator

/// The simulator tells which documents a transmission carries by their guids, read straight
/// from the message's bytes (a document in flight twice at once is a double send).
@Suite("Simulator: document guids")
struct SimulatorDocumentGuidTests {
    @Test("every head's guid, as the parsed message has them", arguments: [CEBMessageType.ceb311, .ceb411, .ceb511, .ceb621])
    func guidsOfSamples(type: CEBMessageType) throws {
        let xml = try Fixtures.sample(type)
        let parsed = try AnyCEBMessage.parse(xml)
        let expected: [String] =
            switch parsed {
            case .ceb311(let message): message.orders.map(\.head.guid)
            case .ceb411(let message): message.payments.map(\.guid)
            case .ceb511(let message): message.waybills.map(\.guid)
            case .ceb621(let message): message.inventories.map(\.head.guid)
            default: []
            }
        #expect(!expected.isEmpty)
        #expect(SimulatedCustoms.documentGuids(xml) == expected)
    }

    @Test(
        "guid elements with or without a prefix; closing tags, other names and a tag at the very end are not guids",
        arguments: [
            ("<a><guid>1</guid><ceb:guid>2</ceb:guid></a>", ["1", "2"]),
            ("<a><orderGuid>x</orderGuid><guidance>y</guidance><xguid>6</xguid><g>guid>5</g></a>", []),
            ("<a><guid></guid><ceb:guid>3</ceb:guid>", ["3"]),
            ("<guid>4</guid>", ["4"]),
            ("<a></ceb:guid><guid>", []),
            ("", []),
        ])
    func guidsOfText(text: String, expected: [String]) {
        #expect(SimulatedCustoms.documentGuids(Data(text.utf8)) == expected)
    }

    @Test("sequence numbers are nine digits, zero-padded", arguments: [(0, "000000000"), (42, "000000042"), (1_234_567_890, "1234567890")])
    func nineDigits(value: Int, expected: String) {
        #expect(SimulatedCustoms.nineDigits(value) == expected)
    }
}
