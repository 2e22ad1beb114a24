public import Foundation
public import Outbox
public import Signing
import ThreadSupport

/// One worker: recover expired leases, send what is due, take in receipts (``ReceiptSource``).
/// `swgate run` takes each source in on a thread of its own (`pollInBackground`), so taking in
/// answers never waits for a round of sends; `swgate send --once` polls them in each round. `round()` is used by one thread at a time.
public final class Worker: @unchecked Sendable {  // round() runs on one thread at a time; shared parts are locked
    public let store: SQLOutbox
    public let dispatcher: Dispatcher
    /// Where receipts come from, taken in each round when nothing takes them in the background.
    private let sources: [ReceiptSource]
    /// The sources' background threads (`pollInBackground`), one each.
    private let intakeThreads: [ReceiptPollingThread]
    private var failing: Set<String> = []
    /// Further dispatch loops, each on a thread of its own, sharing the endpoint's limits.
    private let helpers: [Dispatcher]
    private let helpersDone = DispatchGroup()
    private let stopping = LockedFlag()
    private var lastRecovery = Date.distantPast
    private var lastReceived = 0
    /// Beaten after every round and poll, for `/healthz`.
    public let heartbeat = WorkerHeartbeat()
    /// Lines for an operator: polling failing and recovering, a dispatch loop's error.
    let report: @Sendable (String) -> Void
    /// Seconds spent in the first loop's sends (the benchmark reports it).
    public private(set) var sendSeconds = 0.0

    /// - Parameters:
    ///   - pollInBackground: poll receipts on a thread of their own (`swgate run`), or in each round (`send --once`).
    ///   - dispatchers: dispatch loops; the second and later run on threads of their own, sharing the endpoint's limits.
    ///   - idle: how long an idle helper loop or background poll waits before looking again.
    ///   - archiveReceipts: keep raw receipts in the outbox (the benchmark measures without).
    public init(
        store: SQLOutbox, settings: DispatchSettings, signer: (any Signer)?, pollInBackground: Bool = false, dispatchers: Int = 1,
        idle: TimeInterval = 0.02,
        archiveReceipts: Bool = true, report: @escaping @Sendable (String) -> Void = { _ in }
    ) throws {
        self.store = store
        self.report = report
        let main = try Dispatcher(store: store, settings: settings, signer: signer)
        dispatcher = main
        helpers = try (1..<max(1, dispatchers)).map { index in
            var own = settings
            own.worker = "\(settings.worker)#\(index)"
            // The sweep for blocked inventories is the first loop's: once per worker is enough.
            own.blockedSweepInterval = .infinity
            return try Dispatcher(store: store, settings: own, signer: signer, governor: main.governor, metrics: main.metrics)
        }
        let sources = try ReceiptSource.all(settings: settings, store: store, archive: archiveReceipts, idle: idle, report: report)
        if pollInBackground {
            let heartbeat = self.heartbeat
            intakeThreads = sources.map { source in
                ReceiptPollingThread(
                    name: source.name, idle: source.idle, heartbeat: heartbeat, onFailure: { report(source.failure($0)) }, poll: source.poll
                )
            }
            self.sources = []
        } else {
            intakeThreads = []
            self.sources = sources
        }
        for thread in intakeThreads { thread.start() }
        for (index, helper) in helpers.enumerated() {
            helpersDone.enter()
            let stopping = self.stopping, done = helpersDone
            NamedThread.start("swgate-loop-\(index + 1)") {
                while !stopping.isSet {
                    do {
                        if try helper.sendDue() == 0 { Thread.sleep(forTimeInterval: idle) }
                    } catch {
                        report("dispatch: \(error.localizedDescription)")
                        Thread.sleep(forTimeInterval: 1)
                    }
                }
                done.leave()
            }
        }
    }

    /// Said once when polling starts failing, once when it works again; not on every round.
    static func pollReport(_ error: (any Error)?) -> String {
        if let error { return "receipt poll failed (will keep trying): \(error.localizedDescription)" }
        return "receipt polling works again"
    }

    /// Returns whether anything happened (sent, or receipts taken in).
    public func round() throws -> Bool {
        if Date().timeIntervalSince(lastRecovery) > 1 {
            _ = try store.recoverExpiredLeases(now: Date())
            lastRecovery = Date()
        }
        let sendStart = Date()
        let sent = try dispatcher.sendDue()
        sendSeconds += Date().timeIntervalSince(sendStart)
        heartbeat.dispatched()
        var received = 0
        if intakeThreads.isEmpty {
            for source in sources {
                do {
                    received += try source.poll().taken
                    if failing.remove(source.name) != nil { report(source.failure(nil)) }
                    heartbeat.polled()
                } catch {
                    heartbeat.polled(error: error.localizedDescription)
                    if failing.insert(source.name).inserted { report(source.failure(error)) }
                }
            }
        } else {
            let total = receiptsTaken
            received = total - lastReceived
            lastReceived = total
        }
        return sent + received > 0
    }

    /// Receipts taken in so far by background polling (applied, duplicate or unmatched).
    public var receiptsTaken: Int { intakeThreads.reduce(0) { $0 + $1.received } }

    /// Stops the further dispatch loops (after their round) and background polling.
    public func stop() {
        stopping.set()
        helpersDone.wait()
        for thread in intakeThreads { thread.stop() }
    }
}
