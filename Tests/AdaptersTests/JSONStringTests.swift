@testable import Adapters
import Foundation
import Testing

/// The record parser's strings: plain ones are taken as their bytes, escaped ones decoded, and
/// bytes that are not UTF-8 refused whichever way the string is written.
@Suite struct JSONStringTests {
    static func string(_ bytes: [UInt8]) throws -> String? {
        guard case .object(let members, _) = try JSONValue.parse(Data(bytes)), case .string(let text) = members["k"] else { return nil }
        return text
    }

    static func quoted(_ inner: [UInt8]) -> [UInt8] {
        Array("{\"k\": \"".utf8) + inner + Array("\"}".utf8)
    }

    @Test(arguments: [
        ("plain", "plain"),
        ("李娜 浙江省杭州市", "李娜 浙江省杭州市"),
        ("", ""),
        (#"a\"b"#, "a\"b"),
        (#"tab\there"#, "tab\there"),
        (#"\u674E\u5A1C"#, "李娜"),
        (#"\uD83D\uDE00"#, "😀"),
        (#"back\\slash"#, "back\\slash"),
    ])
    func decodesStrings(_ written: String, _ expected: String) throws {
        #expect(try Self.string(Self.quoted(Array(written.utf8))) == expected)
    }

    /// Each is refused: a lone continuation byte, an overlong form, a truncated four-byte
    /// sequence of three bytes (which repairs to three bytes too), a surrogate's encoding, and
    /// the same after an escape.
    @Test(
        arguments: [
            [0x61, 0x80, 0x62], [0xC0, 0xAF], [0xF1, 0x80, 0x80], [0xED, 0xA0, 0x80], [0x5C, 0x6E, 0xF1, 0x80, 0x80],
        ] as [[UInt8]])
    func refusesBytesThatAreNotUTF8(_ inner: [UInt8]) {
        #expect(throws: JSONSyntaxError.self) { try Self.string(Self.quoted(inner)) }
    }

    @Test func refusesControlCharactersAndUnterminatedStrings() {
        #expect(throws: JSONSyntaxError.self) { try Self.string(Self.quoted([0x61, 0x0A, 0x62])) }
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(Data("{\"k\": \"open".utf8)) }
    }
}
