import CEBMessages
import Foundation
import SwgateTestSupport
import Testing

/// What the writers produce, pinned: the outbox stores each payload once, by the hash of its
/// bytes, and finds a resubmitted document by its content hash, so the same message value must
/// give the same bytes from one version of swgate to the next.
@Suite("Written bytes stay the same")
struct WrittenBytesTests {
    /// FNV-1a, 64 bits: enough to notice any changed byte, with nothing to import.
    static func fingerprint(_ bytes: some Sequence<UInt8>) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    static let samples: [CEBMessageType: String] = [
        .ceb311: "cd076c283a4a073c",
        .ceb312: "336bee4bc0535413",
        .ceb411: "bc589e32aa1781d5",
        .ceb412: "56f8deed876399c7",
        .ceb511: "4dbae4346e50aee7",
        .ceb512: "2b102faf97445113",
        .ceb513: "685ad3865c967284",
        .ceb514: "9485081aa9b51055",
        .ceb621: "774c5bbe83fcfdd9",
        .ceb622: "6cfe312f859c9e8d",
        .ceb623: "62309353e3ec5a53",
        .ceb624: "404f8f00300b9f93",
        .ceb625: "43aeb0fce9f69621",
        .ceb626: "1cea2f122189239",
        .ceb711: "1a365b454ffbc88b",
        .ceb712: "46c4337780fe85a7",
    ]

    @Test("every official sample is written as it was", arguments: Fixtures.sampledTypes)
    func samples(type: CEBMessageType) throws {
        let message = try AnyCEBMessage.parse(try Fixtures.sample(type)).message
        let written = message.xmlData()
        #expect(Self.fingerprint(written) == Self.samples[type])
        #expect(Array(written) == message.xmlBytes())
        #expect(Data(message.xmlString().utf8) == written)
    }

    static let built = [
        "c904cce9b93bb1ff", "a8f5b2c7ab84a1dc", "fe5373e133c03f33", "d3cc7af182d96cea", "5834ffe4cb015e03", "450eb514cfcbb5f7",
        "f9f08c3f3370c5c", "7c2b2a6d377b05cc",
    ]

    @Test("every declaration built in code is written as it was")
    func builtDeclarations() {
        let written = SampleDeclarations.all().map { Self.fingerprint($0.xmlData()) }
        #expect(written == Self.built)
    }

    @Test("an envelope is written as it was, its text the same as its bytes")
    func envelope() throws {
        var envelope = DxpEnvelope.wrap(
            SampleDeclarations.order(), copMsgId: "8f0c6f1e-4b1a-4c3e-9d55-2a7b7d9c1e01", senderId: "DXPENT0000000001",
            receiverIds: ["DXPEDCCEB0000002", "A&B <C>"], creatTime: Date(timeIntervalSince1970: 1_767_225_600))
        envelope.bizKeys = [("orderNo", "ORD-1 & \"2\""), ("ebpCode", "3301964J31")]
        let written = envelope.xmlData()
        #expect(Self.fingerprint(written) == "c6dbea1a8f0f9248")
        #expect(Data(envelope.xmlString().utf8) == written)
        #expect(try DxpEnvelope.parse(written) == envelope)
    }
}
