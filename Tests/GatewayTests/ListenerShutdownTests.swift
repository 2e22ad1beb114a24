import Foundation
import Simulator
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Stopping a listener while callers keep connecting. Cancelling Hummingbird's serving task drops
/// connections NIO has accepted but not handed over, and NIO then traps the whole process
/// ("Deinited NIOAsyncWriter without calling finish()"): that crash once killed the CI run. A
/// failure here is the test process dying, which `make test` reports.
@Suite("Stopping listeners")
struct ListenerShutdownTests {
    @Test("a listener stops cleanly while clients are connecting to it, round after round")
    func stopUnderConnections() async throws {
        var served = 0
        for _ in 0..<25 {
            let simulator = try await SimulatorServer.start(SimulatorConfiguration())
            let port = try #require(simulator.baseURL.port)
            let hammer = ConnectionHammer(port: UInt16(port))
            hammer.start()
            try await Task.sleep(for: .milliseconds(15))
            await simulator.shutdown()
            served += hammer.stop()
        }
        // The hammer really reached the servers (otherwise the test would prove nothing).
        #expect(served > 0)
    }
}

/// Opens loopback connections, sends a request and closes, as fast as it can, on two threads.
final class ConnectionHammer: Sendable {
    let port: UInt16
    private let running = Atomic<Bool>(true)
    private let answered = Atomic<Int>(0)
    private let finished = DispatchGroup()

    init(port: UInt16) { self.port = port }

    func start() {
        for _ in 0..<2 {
            finished.enter()
            Thread.detachNewThread { [self] in
                while running.load(ordering: .relaxed) {
                    if connectOnce() { answered.add(1, ordering: .relaxed) }
                }
                finished.leave()
            }
        }
    }

    /// Stops the threads; returns how many requests were answered.
    func stop() -> Int {
        running.store(false, ordering: .relaxed)
        finished.wait()
        return answered.load(ordering: .relaxed)
    }

    private func connectOnce() -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return false }
        let request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        _ = request.withCString { write(descriptor, $0, strlen($0)) }
        var buffer = [UInt8](repeating: 0, count: 512)
        return read(descriptor, &buffer, buffer.count) > 0
    }
}
