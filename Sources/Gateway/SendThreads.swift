import Foundation
import ThreadSupport

/// A fixed set of threads that run blocking work (a curl send waits for the endpoint) in the
/// order it is handed over, for as long as their owner lives.
final class SendThreads: @unchecked Sendable {  // the job queue is read and written under `condition`
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var head = 0
    private var stopped = false

    init(count: Int, name: String) {
        for index in 0..<max(1, count) {
            NamedThread.start("\(name)-\(index)") { [self] in loop() }
        }
    }

    /// Hands `job` to the next free thread.
    func run(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Lets the threads finish what is queued, then end.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while head == jobs.count, !stopped { condition.wait() }
            if head == jobs.count {
                condition.unlock()
                return
            }
            let job = jobs[head]
            head += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            }
            condition.unlock()
            job()
        }
    }
}
