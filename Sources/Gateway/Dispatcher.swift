import CEBMessages
public import Foundation
public import Logging
public import Outbox
public import Signing
import HTTPClient
import Transport

/// Sends what is due: claims messages with a lease, stamps `appTime`, signs what customs wants
/// signed (each signature checked against its certificate), posts through the wire profile, and records every
/// attempt with the outcome's consequence — sent, retry later with backoff, or dead with the reason.
public final class Dispatcher: @unchecked Sendable {  // sendDue() runs on one thread at a time; what threads share is locked or Sendable
    public let store: SQLOutbox
    public let settings: DispatchSettings
    /// ``DispatchSettings/recordedEndpoint``, masked once: it is recorded with every attempt.
    let endpoint: String
    let signer: (any Signer)?
    let pool: CurlClientPool
    let policy: RetryPolicy
    /// Attempts by outcome and send latency, for the admin endpoint (shared by a worker's loops).
    public let metrics: DispatchMetrics
    /// The endpoint's rate limit and circuit breaker (shared by a worker's loops).
    public let governor: EndpointGovernor
    /// One line per attempt that did not simply succeed, with the message's ids; free text masked.
    public let logger: Logger
    private let lock = NSLock()
    private var lastBlockedSweep = Date.distantPast
    /// Threads of this dispatcher's own for the blocking sends. Dispatch's global queue starts
    /// threads for blocked work slowly on Linux, so with several dispatchers sends would wait for
    /// a thread rather than for the endpoint.
    private let senders: SendThreads
    /// The folder exchange, when messages go to the E-Port client's send folder.
    let folderDelivery: FolderDelivery?
    /// The send folder as last looked at (before each round), for `/healthz` and `/metrics`.
    public let folderState = SendFolderState()

    /// Loops of one worker pass the same `governor` and `metrics`; by default each dispatcher has its own.
    public init(
        store: SQLOutbox, settings: DispatchSettings, signer: (any Signer)?, logger: Logger = Logger(label: "swgate.dispatch"),
        governor: EndpointGovernor? = nil, metrics: DispatchMetrics? = nil
    ) throws {
        self.logger = logger
        self.governor = governor ?? EndpointGovernor(settings: settings, store: store)
        self.metrics = metrics ?? DispatchMetrics()
        self.store = store
        self.settings = settings
        endpoint = settings.recordedEndpoint
        self.signer = signer
        pool = try CurlClientPool(size: settings.concurrency, configuration: settings.http)
        senders = SendThreads(count: settings.concurrency, name: "swgate-send")
        policy = RetryPolicy(base: settings.backoffBase, cap: settings.backoffCap)
        folderDelivery = settings.folder.map(FolderDelivery.init(settings:))
        // Inventories parked under another gate's rank (an earlier run's settings) are tested again.
        try store.wakeParkedInventories()
    }

    deinit { senders.stop() }

    /// Claims and sends one round of due messages, `concurrency` at a time; returns how many were
    /// claimed (sent, or given back unsent).
    ///
    /// The round is a pipeline in which the sending slots never wait for the database: claimed
    /// messages queue for the sending threads, which take the next as soon as one is done, while
    /// this thread records outcomes in groups and claims the next messages before the queue runs
    /// dry — so a slot is never idle while this thread commits, or waits on another worker's locks
    /// on a shared outbox. A round ends when nothing more is due, after `roundLimit` messages or
    /// after `roundSeconds`, so that a worker's other duties come round.
    @discardableResult
    public func sendDue(now: Date = Date()) throws -> Int {
        if governor.isOpen(at: now) { return 0 }
        if folderBlocked(now: now) { return 0 }
        try failBlockedInventories(now: now)
        let first = try claimNext(limit: claimSize, now: now)
        guard !first.isEmpty else { return 0 }
        let roundStarted = Date()
        let done = CompletionQueue<Sent>()
        var dispatched = 0
        var completed = 0
        var claiming = true
        var unrecorded: [SQLOutbox.Completion] = []
        // Leaving by an error: what has not started is given back unstarted, what is under way
        // finishes first. Their outcomes are not recorded; the messages stay `sending` until their
        // leases expire, as after a crash.
        defer {
            done.cancel()
            while completed < dispatched { completed += done.waitAndTake(atLeast: dispatched - completed).count }
        }
        let hand: ([(ClaimedMessage, startBy: Date)]) -> Void = { batch in
            for (message, startBy) in batch {
                self.senders.run {
                    // A send may start only while it can still finish inside the lease: once the lease
                    // runs out another worker may take the message over, and customs must never see
                    // one document from two workers at once. What is left unstarted goes back.
                    done.push(Date() < startBy && !done.isCancelled ? self.send(message) : Sent(unstarted: message))
                }
            }
            dispatched += batch.count
        }
        hand(first)
        while true {
            // Keep a slot's worth of messages waiting behind each send on the wire.
            if claiming, dispatched - completed < settings.concurrency * 2 {
                let moment = Date()
                if dispatched < roundLimit, moment.timeIntervalSince(roundStarted) < roundSeconds, !governor.isOpen(at: moment) {
                    let more = try claimNext(limit: refillSize, now: moment)
                    hand(more)
                    claiming = !more.isEmpty
                } else {
                    claiming = false
                }
            }
            if completed == dispatched { break }
            // Woken once there is something to do: a group to record, the queue to refill, or
            // the round's end.
            var useful = min(dispatched - completed, recordEvery - unrecorded.count)
            if claiming { useful = min(useful, dispatched - completed - settings.concurrency * 2 + 1) }
            let finished = done.waitAndTake(atLeast: useful)
            completed += finished.count
            unrecorded += finished.map(complete)
            // A crash before an outcome is recorded leaves its message in `sending`; the lease
            // expires and it is sent again — customs answers "already exists" to a document it
            // has, which is recorded as a duplicate of an accepted transmission.
            if unrecorded.count >= recordEvery {
                // Files written into the send folder are named durably before they are recorded.
                try folderDelivery?.syncFolder()
                _ = try store.finish(unrecorded, now: Date())
                unrecorded.removeAll(keepingCapacity: true)
            }
        }
        if !unrecorded.isEmpty {
            try folderDelivery?.syncFolder()
            _ = try store.finish(unrecorded, now: Date())
        }
        return dispatched
    }

    /// Claims up to `limit` due messages, each with the moment by which its send must start.
    private func claimNext(limit: Int, now: Date) throws -> [(ClaimedMessage, startBy: Date)] {
        let claimed = try store.claim(
            limit: limit, worker: settings.worker, lease: settings.lease,
            gate: DispatchGate(acceptanceRank: CustomsStatus.rank(settings.acceptanceStatus)), now: now
        )
        let startBy = now.addingTimeInterval(max(settings.lease - settings.http.totalTimeout, settings.lease / 2))
        return claimed.map { ($0, startBy) }
    }

    /// How many messages a round's first claim takes. Alone on the embedded outbox, a worker
    /// claims many at once: one claim serves sixteen sends per slot. On a shared outbox, what one
    /// worker holds the others cannot send: two sends per slot.
    var claimSize: Int {
        store.isShared ? max(settings.concurrency * 2, 2) : max(settings.concurrency * 16, 64)
    }

    /// How many messages each later claim of a round takes: on a shared outbox one per slot, so
    /// that a worker holds no more than it will send soon and leaves the rest for the other
    /// workers to claim.
    var refillSize: Int {
        store.isShared ? max(settings.concurrency, 1) : claimSize
    }

    /// Outcomes recorded per transaction: a claim's worth, so that each claim costs one commit of
    /// outcomes (each commit rewrites the pages its rows end on, whatever their number). It is
    /// made after the next claim is handed out, while those sends are on the wire.
    var recordEvery: Int { max(1, claimSize) }

    /// A round's bounds (see ``sendDue(now:)``).
    var roundLimit: Int { claimSize * 8 }
    var roundSeconds: TimeInterval { 1 }

    /// Every few seconds: inventories whose order, payment or waybill customs will never accept
    /// go `dead` with the reason, instead of waiting in the queue forever.
    func failBlockedInventories(now: Date) throws {
        lock.lock()
        let due = now.timeIntervalSince(lastBlockedSweep) >= settings.blockedSweepInterval
        if due { lastBlockedSweep = now }
        lock.unlock()
        guard due else { return }
        let moved = try store.failBlockedInventories(grace: settings.errorGrace, now: now)
        if moved > 0 {
            logger.warning(
                "\(moved) inventor\(moved == 1 ? "y" : "ies") dead: the order, payment or waybill will not be accepted (swgate list --state dead)"
            )
        }
    }

    /// Gives a claimed message back unsent: not an attempt.
    func release(_ message: ClaimedMessage, reason: String = Sent.lateStart) -> SQLOutbox.Completion {
        let now = Date()
        return SQLOutbox.Completion(
            message: message,
            attempt: AttemptReport(
                startedAt: now, finishedAt: now, endpoint: endpoint, transmissionID: nil, httpStatus: nil,
                outcome: .released,
                error: reason, sentSHA256: nil, appTime: nil
            ),
            event: .released, nextAttemptAt: nil
        )
    }

    /// Sends one claimed message; what the reply means is read when the round records it
    /// (``complete(_:)``).
    func send(_ message: ClaimedMessage) -> Sent {
        let started = Date()
        governor.pace()
        let stamp = AppTimeStamp.next(now: started, last: message.lastAppTime)
        var xml = AppTimeValues.apply(stamp, to: message.payload)
        let transmission = CEBGuid.make()
        var attempted: Attempted?
        sendBody(message, started: started, stamp: stamp, xml: &xml, transmission: transmission) { attempted = $0 }
        return Sent(message: message, started: started, stamp: stamp, transmission: transmission, attempted: attempted)
    }

    private func sendBody(
        _ message: ClaimedMessage, started: Date, stamp: String, xml: inout Data, transmission: String, finish: (Attempted) -> Void
    ) {
        func failed(_ reason: String, transient: Bool = false) {
            let decision = SendDecision.beforeSending(
                reason, transient: transient, attempts: message.attempts, policy: policy, now: Date(), random: Double.random(in: 0...1))
            finish(Attempted(decision: decision, httpStatus: nil, sent: nil))
        }
        if message.type.requiresSignature {
            guard let signer else {
                failed("\(message.type.rawValue) must be signed, and the profile has no signing key")
                return
            }
            do {
                xml = try EnvelopedSignature.sign(xml, with: signer)
            } catch {
                failed("signing: \(error.message)", transient: error.kind == .transient)
                return
            }
        }
        if let folderDelivery {
            deliverToFolder(folderDelivery, message, xml: xml, transmission: transmission, started: started, finish: finish)
            return
        }
        let request = settings.wire.request(
            for: xml, type: message.type, transmissionID: transmission, senderID: settings.senderID, receiverID: settings.receiverID,
            now: started)
        let answer = Result { () throws(TransportError) -> HTTPResponse in
            try pool.with { client throws(TransportError) in
                try client.post(settings.sendURL, body: request.body, contentType: request.contentType)
            }
        }
        finish(Attempted(answer: answer, sent: xml))
    }
}
