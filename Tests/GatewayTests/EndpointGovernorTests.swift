import Foundation
import Gateway
import Synchronization
import Testing

/// The endpoint's limits, shared by every dispatch loop of a worker.
@Suite("Endpoint governor")
struct EndpointGovernorTests {
    /// Sends paced by `governors` (one per thread) for `seconds`; returns how many went.
    static func paced(_ governors: [EndpointGovernor], seconds: TimeInterval) -> (sent: Int, elapsed: TimeInterval) {
        let sent = Atomic<Int>(0)
        let started = Date()
        let loops = DispatchGroup()
        for governor in governors {
            loops.enter()
            Thread.detachNewThread {
                while Date().timeIntervalSince(started) < seconds {
                    governor.pace()
                    sent.add(1, ordering: .relaxed)
                }
                loops.leave()
            }
        }
        loops.wait()
        return (sent.load(ordering: .relaxed), Date().timeIntervalSince(started))
    }

    @Test("two loops sharing one governor keep a rate limit together; with one each, they would send twice as much")
    func sharedRateLimit() {
        var settings = DispatchSettings(endpoint: "http://127.0.0.1:9")
        settings.rateLimit = 50
        let shared = EndpointGovernor(settings: settings)
        let together = Self.paced([shared, shared], seconds: 1)
        #expect(Double(together.sent) <= 50 * together.elapsed + 3, "\(together.sent) in \(together.elapsed) s")
        #expect(together.sent >= 40)
        let apart = Self.paced([EndpointGovernor(settings: settings), EndpointGovernor(settings: settings)], seconds: 1)
        #expect(Double(apart.sent) > 50 * apart.elapsed * 1.5, "the measurement can tell the two apart")
    }

    @Test("the breaker opens after the threshold of failures in a row, for the cooldown; a success resets the count")
    func breaker() {
        var settings = DispatchSettings(endpoint: "http://127.0.0.1:9")
        settings.breakerThreshold = 3
        settings.breakerCooldown = 60
        let governor = EndpointGovernor(settings: settings)
        governor.recordFailure()
        governor.recordFailure()
        governor.recordSuccess()
        governor.recordFailure()
        governor.recordFailure()
        #expect(!governor.isOpen(at: Date()))
        governor.recordFailure()
        #expect(governor.isOpen(at: Date()))
        #expect(!governor.isOpen(at: Date().addingTimeInterval(61)))
    }
}
