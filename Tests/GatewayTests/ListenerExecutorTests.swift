import Foundation
import HTTPClient
import HTTPServerSupport
import Hummingbird
import Logging
import NIOPosix
import Testing

/// Where a listener's handlers run: on the event loop that read the request, so that a request
/// does not wake a thread of the global pool and then the loop again to be answered.
@Suite("Listener handlers")
struct ListenerExecutorTests {
    @Test("a handler runs on an event loop, and again after awaiting work done on another thread")
    func handlersRunOnEventLoops() async throws {
        let router = Router(context: SourcedRequestContext.self)
        let blocking = BlockingQueue(label: "test.blocking")
        router.get("/where") { _, _ -> String in
            let before = Self.place()
            let elsewhere = try await blocking.run { Self.place() }
            return "\(before) \(elsewhere) \(Self.place())"
        }
        let server = try await RunningServer.start(
            router: router, host: "127.0.0.1", port: 0, serverName: "executor-test", logger: .init(label: "t"))
        defer { server.stop() }
        let client = try CurlClient(configuration: HTTPConfiguration())
        for _ in 0..<20 {
            let response = try client.get(server.baseURL.absoluteString + "/where")
            #expect(response.status == 200)
            // The blocking work runs on its queue's thread; the handler resumes on a loop.
            #expect(String(decoding: response.body, as: UTF8.self) == "loop elsewhere loop")
        }
    }

    private static func place() -> String {
        MultiThreadedEventLoopGroup.currentEventLoop == nil ? "elsewhere" : "loop"
    }
}
