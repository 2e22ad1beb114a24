import AdminServer
import Foundation
import Gateway
import HTTPServerSupport
import Outbox
import ReceiptReceiver
import Simulator
import SwgateTestSupport
import Testing
import ThreadSupport

/// Every listener closes a client that trickles its request, and refuses connections past its budget.
@Suite("Listener limits")
struct ListenerLimitsTests {
    /// A raw TCP client on loopback.
    final class RawClient {
        let descriptor: Int32

        init(port: Int) throws {
            descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
            var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }

        deinit { close(descriptor) }

        /// Sends bytes; false once the server has closed the connection.
        @discardableResult
        func send(_ text: String) -> Bool {
            let bytes = Array(text.utf8)
            return bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
        }

        /// Whether the server has closed the connection (a read returns end of file or an error).
        func isClosed() -> Bool {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count == 0 { return true }
            if count < 0 { return errno != EAGAIN && errno != EWOULDBLOCK }
            return false
        }
    }

    /// Trickles a request one byte at a time, each before the limit, and returns how long the
    /// server took to close the connection (nil when it never did within `patience`).
    static func trickle(port: Int, patience: Duration = .seconds(6)) throws -> Duration? {
        let client = try RawClient(port: port)
        let started = ContinuousClock.now
        let request = "POST /receipts HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" + String(repeating: "x", count: 1000)
        var index = request.startIndex
        while ContinuousClock.now - started < patience {
            if index < request.endIndex {
                if !client.send(String(request[index])) { return ContinuousClock.now - started }
                index = request.index(after: index)
            }
            if client.isClosed() { return ContinuousClock.now - started }
        }
        return nil
    }

    static let limits = ListenerLimits(requestTimeout: .seconds(1), maxConnections: 3)

    @Test("receipts serve, the admin endpoint and the simulator each close a trickling client after the request timeout")
    func trickling() async throws {
        let folder = try Fixtures.temporaryDirectory("swgate-limits")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let store = try SQLOutbox(directory: folder.appendingPathComponent("outbox"))
        var receiverConfiguration = ReceiptReceiverConfiguration()
        receiverConfiguration.limits = Self.limits
        let receiver = try await ReceiptReceiver.start(receiverConfiguration, intake: ReceiptIntake(store: store))
        let admin = try await AdminServer.start(port: 0, token: nil, store: store, metrics: nil, limits: Self.limits)
        var simulatorConfiguration = SimulatorConfiguration()
        simulatorConfiguration.limits = Self.limits
        let simulator = try await SimulatorServer.start(simulatorConfiguration)
        defer {
            Task {
                await receiver.shutdown(); await admin.shutdown(); await simulator.shutdown()
            }
        }
        for url in [receiver.baseURL, admin.baseURL, simulator.baseURL] {
            let port = try #require(url.port)
            let closedAfter = try await BlockingWork.run { try Self.trickle(port: port) }
            let after = try #require(closedAfter, "\(url) kept a trickling connection open")
            #expect(after >= .milliseconds(900) && after < .seconds(3), "\(url): closed after \(after)")
        }
    }

    @Test("a kept-alive connection asking in time stays open past the request timeout, and is closed once it idles")
    func keptAlive() async throws {
        var configuration = SimulatorConfiguration()
        configuration.limits = ListenerLimits(requestTimeout: .seconds(1), maxConnections: 3)
        let simulator = try await SimulatorServer.start(configuration)
        defer { simulator.stop() }
        let port = try #require(simulator.baseURL.port)
        let outcome = try await BlockingWork.run { () throws -> (answered: Int, openAfterRequests: Bool, closedWhenIdle: Bool) in
            let client = try RawClient(port: port)
            var answered = 0
            // A request every 0.3 s for 2.4 s: each within the timeout of the answer before it.
            for _ in 0..<8 {
                guard client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n") else { break }
                var reply = [UInt8](repeating: 0, count: 4096)
                let waited = Date()
                var count = 0
                while count <= 0, Date().timeIntervalSince(waited) < 2 { count = recv(client.descriptor, &reply, reply.count, 0) }
                if count > 0, String(decoding: reply[..<count], as: UTF8.self).hasPrefix("HTTP/1.1 200") { answered += 1 }
                usleep(300_000)
            }
            let open = !client.isClosed()
            let deadline = Date().addingTimeInterval(6)
            while !client.isClosed(), Date() < deadline { usleep(100_000) }
            return (answered, open, client.isClosed())
        }
        #expect(outcome.answered == 8)
        #expect(outcome.openAfterRequests, "closed although every request came within the timeout of the answer before it")
        #expect(outcome.closedWhenIdle, "an idle kept-alive connection stays open")
    }

    @Test("an idle connection is closed too, and connections past the budget are refused at once")
    func budget() async throws {
        let folder = try Fixtures.temporaryDirectory("swgate-limits")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let store = try SQLOutbox(directory: folder.appendingPathComponent("outbox"))
        var configuration = ReceiptReceiverConfiguration()
        configuration.limits = ListenerLimits(requestTimeout: .seconds(2), maxConnections: 3)
        let receiver = try await ReceiptReceiver.start(configuration, intake: ReceiptIntake(store: store))
        defer { receiver.stop() }
        let port = try #require(receiver.baseURL.port)
        let outcome = try await BlockingWork.run { () throws -> (held: [Bool], extra: Bool, idleClosed: Bool) in
            let held = try (0..<3).map { _ in try RawClient(port: port) }
            usleep(UInt32(0.3 * 1_000_000))
            let extra = try RawClient(port: port)
            usleep(UInt32(0.3 * 1_000_000))
            let extraClosed = extra.isClosed()
            let heldOpen = held.map { !$0.isClosed() }
            // Closed once the request timeout (2 s) has passed; a busy machine may take a little longer.
            let deadline = Date().addingTimeInterval(8)
            while !held.allSatisfy({ $0.isClosed() }), Date() < deadline { usleep(100_000) }
            return (heldOpen, extraClosed, held.allSatisfy { $0.isClosed() })
        }
        #expect(outcome.held == [true, true, true], "the first three are served")
        #expect(outcome.extra, "the fourth is closed at once")
        #expect(outcome.idleClosed, "idle connections are closed after the request timeout")
    }
}
