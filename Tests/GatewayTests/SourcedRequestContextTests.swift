import Foundation
import HTTPClient
import HTTPServerSupport
import Hummingbird
import Logging
import Testing

@Suite("The caller's address in a listener's requests")
struct SourcedRequestContextTests {
    @Test("a handler asking for the source gets the caller's ip:port")
    func source() async throws {
        let router = Router(context: SourcedRequestContext.self)
        router.get("/whoami") { _, context in context.source }
        let server = try await RunningServer.start(
            router: router, host: "127.0.0.1", port: 0, serverName: "test", logger: Logger(label: "test"))
        defer { Task { await server.shutdown() } }
        let client = try CurlClient(configuration: HTTPConfiguration())
        let url = server.baseURL.appendingPathComponent("whoami").absoluteString
        let reply = try await client.get(url)
        let text = String(decoding: reply.body, as: UTF8.self)
        #expect(reply.status == 200)
        #expect(text.hasPrefix("127.0.0.1:"))
        #expect((Int(text.dropFirst("127.0.0.1:".count)) ?? 0) > 0)
    }
}
