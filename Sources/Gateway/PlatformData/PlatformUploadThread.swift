public import Foundation
import HTTPClient
import Logging
import Outbox
import ThreadSupport

/// Runs a ``PlatformDataUploader`` on threads of their own until stopped: uploads never wait
/// for answers to customs' requests, nor those for uploads.
public final class PlatformUploadThread: @unchecked Sendable {  // its state is read and written under `condition`
    let uploader: PlatformDataUploader
    let threads: Int
    let idle: TimeInterval
    private let condition = NSCondition()
    private var stopping = false
    private var running = 0
    private var totals = PlatformDataUploader.Round()

    public init(uploader: PlatformDataUploader, threads: Int = 2, idle: TimeInterval = 0.05) {
        self.uploader = uploader
        self.threads = max(1, threads)
        self.idle = idle
    }

    public func start() throws {
        var clients: [CurlClient] = []
        for _ in 0..<threads { clients.append(try CurlClient(configuration: uploader.configuration.http)) }
        condition.withLock { running = threads }
        for (index, client) in clients.enumerated() {
            NamedThread.start("swgate-179-\(index)") { [self] in
                while !isStopping {
                    var claimed = 0
                    do {
                        let round = try uploader.runOnce(client: client)
                        claimed = round.claimed
                        condition.withLock { totals.add(round) }
                    } catch {
                        uploader.logger.error("cannot upload: \(error.localizedDescription)")
                        Thread.sleep(forTimeInterval: 1)
                    }
                    if claimed == 0 { Thread.sleep(forTimeInterval: idle) }
                }
                condition.withLock {
                    running -= 1
                    condition.broadcast()
                }
            }
        }
    }

    private var isStopping: Bool { condition.withLock { stopping } }

    /// What the threads did so far.
    public var done: PlatformDataUploader.Round { condition.withLock { totals } }

    /// Asks the threads to stop after their current round and waits for them.
    public func stop() {
        condition.lock()
        stopping = true
        while running > 0 { condition.wait() }
        condition.unlock()
    }
}
