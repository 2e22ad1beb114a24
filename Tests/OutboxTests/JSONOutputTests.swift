import JSONWriting
import Testing

@Suite("The JSON writer")
struct JSONOutputTests {
    static let document = JSONOutput.object([
        ("name", .string("张三 \"quoted\"\n")), ("count", .int(3)), ("ok", .bool(true)), ("none", .null),
        ("items", .array([.object([("a", .string("1"))]), .array([])])), ("empty", .object(JSONObject())),
    ])

    @Test("keys keep their order; indented by two spaces; empty containers on one line")
    func indented() {
        #expect(
            Self.document.rendered() == """
                {
                  "name": "张三 \\"quoted\\"\\n",
                  "count": 3,
                  "ok": true,
                  "none": null,
                  "items": [
                    {
                      "a": "1"
                    },
                    []
                  ],
                  "empty": {}
                }
                """)
    }

    @Test("compact output is one line, without spaces after the colons")
    func compact() {
        #expect(
            Self.document.rendered(indent: nil)
                == #"{"name":"张三 \"quoted\"\n","count":3,"ok":true,"none":null,"items":[{"a":"1"},[]],"empty":{}}"#)
    }
}
