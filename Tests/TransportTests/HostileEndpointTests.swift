import Foundation
import Redaction
import Testing
import HTTPClient
import Transport

#if canImport(Glibc)
    import Glibc
#endif

/// An endpoint may be hostile: its reply is read only up to a limit, and credentials in URLs
/// never reach a message or a log.
@Suite("Hostile endpoints and credentials in URLs")
struct HostileEndpointTests {
    /// A loopback server that answers one request with `length` bytes of body, streamed.
    static func floodingServer(length: Int) throws -> UInt16 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 1) == 0 else { throw POSIXError(.EADDRINUSE) }
        var size = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &size) }
        }
        Thread.detachNewThread {
            defer { close(descriptor) }
            let client = accept(descriptor, nil, nil)
            defer { close(client) }
            var buffer = [UInt8](repeating: 0, count: 65536)
            _ = recv(client, &buffer, buffer.count, 0)
            let head = Array("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: \(length)\r\n\r\n".utf8)
            _ = head.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            let chunk = [UInt8](repeating: 0x41, count: 65536)
            var sent = 0
            while sent < length {
                let count = chunk.withUnsafeBytes { send(client, $0.baseAddress, min($0.count, length - sent), Int32(MSG_NOSIGNAL)) }
                if count <= 0 { return }
                sent += count
            }
        }
        return UInt16(bigEndian: address.sin_port)
    }

    @Test("a reply larger than the limit is cut off with an error naming the limit, not read into memory")
    func oversizedReply() throws {
        let port = try Self.floodingServer(length: 200 * 1024 * 1024)
        var configuration = HTTPConfiguration()
        configuration.maxResponseBytes = 1024 * 1024
        let client = try CurlClient(configuration: configuration)
        do {
            _ = try client.post("http://127.0.0.1:\(port)/dxp?token=SECRET", body: Data("x".utf8), contentType: "application/xml")
            Issue.record("the oversized reply was accepted")
        } catch {
            #expect(error.message.contains("larger than 1048576 bytes"), "\(error.message)")
            #expect(!error.message.contains("SECRET"))
        }
    }

    @Test(
        "credentials are masked in URLs shown or stored",
        arguments: [
            ("postgres://swgate:hunter2@db:5432/swgate", "postgres://swgate:***@db:5432/swgate"),
            ("postgres://swgate@db/swgate?password=hunter2&sslmode=require", "postgres://swgate@db/swgate?password=***&sslmode=require"),
            ("https://customs.example/dxp?token=abc&dxpId=X", "https://customs.example/dxp?token=***&dxpId=X"),
            ("https://customs.example/dxp?access_token=abc#frag", "https://customs.example/dxp?access_token=***#frag"),
            ("https://u:p@customs.example/a@b", "https://u:***@customs.example/a@b"),
            ("http://127.0.0.1:8080/dxp", "http://127.0.0.1:8080/dxp"),
        ]
    )
    func redaction(url: String, expected: String) {
        #expect(URLRedaction.redacted(url) == expected)
    }

    @Test(
        "plain http is refused for hosts other than loopback unless allowed",
        arguments: [
            ("http://127.0.0.1:8080/dxp", false, true), ("http://localhost/dxp", false, true), ("http://[::1]:80/", false, true),
            ("https://customs.example/dxp", false, true), ("http://customs.example/dxp", false, false),
            ("http://customs.example/dxp", true, true),
            ("http://127.0.0.1.example/dxp", false, false),
        ])
    func plainHTTP(url: String, allowed: Bool, accepted: Bool) {
        #expect((PlainHTTPPolicy.problem(url, what: "the endpoint", allowPlain: allowed) == nil) == accepted, "\(url)")
    }
}
