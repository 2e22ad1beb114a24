import Testing

@testable import HTTPClient

/// Reply headers are read byte by byte as libcurl hands them over, one line at a time.
@Suite("Reply header lines")
struct HeaderFieldTests {
    @Test(
        "a header line gives its lowercased name and its value without surrounding blanks",
        arguments: [
            ("Content-Type: application/xml; charset=utf-8\r\n", "content-type", "application/xml; charset=utf-8"),
            ("Retry-After:\t 120 \r\n", "retry-after", "120"),
            ("X-Empty:\r\n", "x-empty", ""),
            ("X-Note: 接收成功\r\n", "x-note", "接收成功"),
            ("WWW-Authenticate: Bearer realm=\"a:b\"\r\n", "www-authenticate", "Bearer realm=\"a:b\""),
        ])
    func field(line: String, name: String, value: String) {
        let bytes = Array(line.utf8)
        let field = bytes.withUnsafeBufferPointer { CurlClient.headerField($0) }
        #expect(field?.name == name)
        #expect(field?.value == value)
    }

    @Test("the status line and the blank line ending the headers are not fields", arguments: ["HTTP/1.1 200 OK\r\n", "\r\n", ""])
    func notAField(line: String) {
        let bytes = Array(line.utf8)
        #expect(bytes.withUnsafeBufferPointer { CurlClient.headerField($0) } == nil)
    }
}
