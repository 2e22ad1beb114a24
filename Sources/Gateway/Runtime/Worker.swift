import Adapters
public import Foundation
public import Outbox
public import Signing

/// One worker: recover expired leases, send what is due, take in receipts. `swgate run` polls
/// on a thread of its own (`pollInBackground`), so taking in answers never waits for a round of
/// sends; `swgate send --once` polls in each round. `round()` is used by one thread at a time.
public final class Worker: @unchecked Sendable {  // round() runs on one thread at a time; shared parts are locked
    public let store: SQLOutbox
    public let dispatcher: Dispatcher
    public let poller: ReceiptPoller?
    public let polling: ReceiptPollingThread?
    /// With the folder transport: the receive folder, taken in on a thread of its own.
    public let folderIntake: ReceiptPollingThread?
    private let folderWatcher: ReceiptFolderWatcher?
    /// Receipts pulled by time cursor, on a thread of their own (or in each round).
    public let timePolling: ReceiptPollingThread?
    private let timePoller: TimeCursorPoller?
    /// Further dispatch loops, each on a thread of its own, sharing the endpoint's limits.
    private let helpers: [Dispatcher]
    private let helpersDone = DispatchGroup()
    private let stopping = LockedFlag()
    private var lastRecovery = Date.distantPast
    private var lastReceived = 0
    private var lastFolderReceived = 0
    private var lastTimeReceived = 0
    private var pollFailing = false
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
        let poller = try settings.receiptsURL.map {
            try ReceiptPoller(
                url: $0, intake: ReceiptIntake(store: store, acceptanceStatus: settings.acceptanceStatus, archive: archiveReceipts),
                http: settings.http)
        }
        if pollInBackground, let poller {
            self.poller = nil
            polling = ReceiptPollingThread(poller: poller, idle: idle, heartbeat: heartbeat) { error in report(Self.pollReport(error)) }
            polling?.start()
        } else {
            self.poller = poller
            polling = nil
        }
        folderWatcher = settings.folder?.receive.map { folder in
            ReceiptFolderWatcher(
                folder: folder, intake: ReceiptIntake(store: store, acceptanceStatus: settings.acceptanceStatus, archive: archiveReceipts),
                settle: settings.folder?.receiveSettle ?? 1)
        }
        if pollInBackground, let watcher = folderWatcher {
            folderIntake = ReceiptPollingThread(
                name: "swgate-receipt-folder", idle: max(idle, 0.05), heartbeat: heartbeat,
                onFailure: { error in
                    report(
                        error.map { "the receive folder cannot be read (will keep trying): \($0.localizedDescription)" }
                            ?? "the receive folder can be read again")
                }
            ) {
                let pass = try watcher.scan()
                for note in pass.notes { report("receive folder: \(note)") }
                return pass.counts
            }
            folderIntake?.start()
        } else {
            folderIntake = nil
        }
        let timePoller = try settings.receiptsByTimeURL.map {
            try TimeCursorPoller(
                url: $0, dxpID: settings.senderID,
                intake: ReceiptIntake(store: store, acceptanceStatus: settings.acceptanceStatus, archive: archiveReceipts), store: store,
                http: settings.http)
        }
        if pollInBackground, let timePoller {
            timePolling = ReceiptPollingThread(
                name: "swgate-receipt-time-poll", idle: max(idle, 0.2), heartbeat: heartbeat,
                onFailure: { error in report(Self.pollReport(error)) }
            ) { try timePoller.poll() }
            timePolling?.start()
            self.timePoller = nil
        } else {
            timePolling = nil
            self.timePoller = timePoller
        }
        for helper in helpers {
            helpersDone.enter()
            let stopping = self.stopping, done = helpersDone
            Thread.detachNewThread {
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
        if let folderIntake {
            received += folderIntake.received - lastFolderReceived
            lastFolderReceived = folderIntake.received
        } else if let folderWatcher {
            let pass = try folderWatcher.scan()
            for note in pass.notes { report("receive folder: \(note)") }
            received += pass.counts.applied + pass.counts.duplicates + pass.counts.unmatched
        }
        if let timePolling {
            received += timePolling.received - lastTimeReceived
            lastTimeReceived = timePolling.received
        } else if let timePoller {
            let counts = try timePoller.poll()
            received += counts.applied + counts.duplicates + counts.unmatched
        }
        if let polling {
            let total = polling.received
            received += total - lastReceived
            lastReceived = total
        } else if let poller {
            do {
                let counts = try poller.poll()
                received += counts.applied + counts.duplicates + counts.unmatched
                if pollFailing { report(Self.pollReport(nil)) }
                pollFailing = false
                heartbeat.polled()
            } catch {
                heartbeat.polled(error: error.localizedDescription)
                if !pollFailing { report(Self.pollReport(error)) }
                pollFailing = true
            }
        }
        return sent + received > 0
    }

    /// Receipts taken in so far by background polling (applied, duplicate or unmatched).
    public var receiptsTaken: Int { (polling?.received ?? 0) + (folderIntake?.received ?? 0) + (timePolling?.received ?? 0) }

    /// Stops the further dispatch loops (after their round) and background polling.
    public func stop() {
        stopping.set()
        helpersDone.wait()
        polling?.stop()
        folderIntake?.stop()
        timePolling?.stop()
    }
}
