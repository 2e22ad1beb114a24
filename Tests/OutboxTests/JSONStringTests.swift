import Foundation
import Outbox
import Testing
import JSONWriting

@Suite("JSON string literals")
struct JSONStringTests {
    @Test(
        "every string reads back as itself through a JSON parser: plain, Chinese, quotes, backslashes, control characters",
        arguments: [
            "", "plain", "[Code:1800;Desc:逻辑校验通过]", "say \"hi\"", "C:\\path\\", "line\nbreak\ttab\rreturn", "bell\u{07} and nul\u{00}",
            "混合 \"引号\" \\ 与\n换行", "emoji 📦",
        ])
    func roundTrip(_ text: String) throws {
        let literal = JSONString.quoted(text)
        #expect(literal.hasPrefix("\"") && literal.hasSuffix("\""))
        #expect(!literal.dropFirst().dropLast().unicodeScalars.contains { $0.value < 0x20 }, "no raw control character: \(literal)")
        let parsed = try JSONSerialization.jsonObject(with: Data("[\(literal)]".utf8)) as? [String]
        #expect(parsed == [text])
    }
}
