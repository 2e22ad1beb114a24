import CEBMessages
public import Foundation
public import Logging
public import Outbox
public import Signing
import Transport

/// The outcomes of a round, gathered from the sending threads.
final class CompletionBox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [SQLOutbox.Completion] = []

    func append(_ completion: SQLOutbox.Completion) {
        lock.lock()
        items.append(completion)
        lock.unlock()
    }

    var all: [SQLOutbox.Completion] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }
}

/// Sends what is due: claims messages with a lease, stamps `appTime`, signs what customs wants
/// signed (verifying every signature first), posts through the wire profile, and records every
/// attempt with the outcome's consequence — sent, retry later with backoff, or dead with the reason.
public final class Dispatcher: @unchecked Sendable {
    public let store: SQLOutbox
    public let settings: DispatchSettings
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
    /// threads for blocked work slowly on Linux: with several dispatchers its sends waited for
    /// a thread (measured: four workers at 50 ms latency, 2.5× → 3× the throughput of one).
    private let senders: SendThreads

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
        self.signer = signer
        pool = try CurlClientPool(size: settings.concurrency, configuration: settings.http)
        senders = SendThreads(count: settings.concurrency, name: "swgate-send")
        policy = RetryPolicy(base: settings.backoffBase, cap: settings.backoffCap)
    }

    deinit { senders.stop() }

    /// Claims and sends one round of due messages, `concurrency` at a time; returns how many were tried.
    @discardableResult
    public func sendDue(now: Date = Date()) throws -> Int {
        if governor.isOpen(at: now) { return 0 }
        try failBlockedInventories(now: now)
        let claimed = try store.claim(
            limit: claimSize, worker: settings.worker, lease: settings.lease,
            gate: DispatchGate(acceptanceRank: CustomsStatus.rank(settings.acceptanceStatus)), now: now
        )
        guard !claimed.isEmpty else { return 0 }
        // A send may start only while it can still finish inside the lease: once the lease runs
        // out another worker may take the message over, and customs must never see one document
        // from two workers at once. What is left unstarted goes back to the queue.
        let startBy = now.addingTimeInterval(max(settings.lease - settings.http.totalTimeout, settings.lease / 2))
        let group = DispatchGroup()
        let slots = DispatchSemaphore(value: settings.concurrency)
        let completions = CompletionBox()
        for message in claimed {
            slots.wait()
            group.enter()
            senders.run {
                defer {
                    slots.signal()
                    group.leave()
                }
                completions.append(Date() < startBy ? self.send(message) : self.release(message))
            }
        }
        group.wait()

        // One transaction for the round. A crash before it leaves the round's messages in `sending`;
        // their leases expire and they are sent again — customs answers "already exists" to a
        // document it has, which is recorded as a duplicate of an accepted transmission.
        _ = try store.finish(completions.all, now: Date())
        return claimed.count
    }

    /// How many messages a round claims. Alone on the embedded outbox, a worker claims many at
    /// once: one claim and one commit serve sixteen sends per slot. On a shared outbox, what one
    /// worker holds the others cannot send, and a round ends with its slowest send: four sends
    /// per slot. Measured with 1, 2 and 4 workers at 50 ms latency: sixteen left the last
    /// workers' rounds running alone at the end (4 workers: 2.5× one); two paid a claim and a
    /// commit every second wave (2.9×); four, 3.1–3.5×.
    var claimSize: Int {
        store.isShared ? max(settings.concurrency * 4, 4) : max(settings.concurrency * 16, 64)
    }

    /// Every few seconds: inventories whose order, payment or waybill customs will never accept
    /// go `dead` with the reason, instead of waiting in the queue forever.
    func failBlockedInventories(now: Date) throws {
        lock.lock()
        let due = now.timeIntervalSince(lastBlockedSweep) >= settings.blockedSweepInterval
        if due { lastBlockedSweep = now }
        lock.unlock()
        guard due else { return }
        let moved = try store.failBlockedInventories(grace: settings.errorGrace, now: now)
        if moved > 0 { logger.warning("\(moved) inventor\(moved == 1 ? "y" : "ies") dead: the order, payment or waybill will not be accepted (swgate list --state dead)") }
    }

    /// Gives a claimed message back unsent: not an attempt.
    func release(_ message: ClaimedMessage) -> SQLOutbox.Completion {
        let now = Date()
        return SQLOutbox.Completion(
            message: message,
            attempt: AttemptReport(
                startedAt: now, finishedAt: now, endpoint: settings.sendURL, transmissionID: nil, httpStatus: nil, outcome: "released",
                error: "not started before its lease would run out", sentSHA256: nil, appTime: nil
            ),
            event: .released, nextAttemptAt: nil
        )
    }

    /// Sends one claimed message and returns the outcome to record.
    func send(_ message: ClaimedMessage) -> SQLOutbox.Completion {
        let started = Date()
        governor.pace()
        let stamp = AppTimeStamp.next(now: started, last: message.lastAppTime)
        var xml = AppTimeStamp.apply(stamp, to: message.payload)
        let transmission = CEBGuid.make()
        var completion: SQLOutbox.Completion?
        let finish: (String, MessageEvent, String?, Int?, Date?, Data?) -> Void = { outcome, event, error, status, next, sent in
            var report = AttemptReport(
                startedAt: started, finishedAt: Date(), endpoint: self.settings.sendURL, transmissionID: transmission, httpStatus: status,
                outcome: outcome, error: error, sentSHA256: sent.map { SHA256.hex($0) }, appTime: stamp
            )
            // What went on the wire, kept with the attempt: after a dispute, the signed bytes customs saw.
            report.sentBody = sent
            completion = SQLOutbox.Completion(message: message, attempt: report, event: event, nextAttemptAt: next)
            self.metrics.record(outcome: outcome, seconds: report.finishedAt.timeIntervalSince(started))
            self.log(message, report: report, event: event)
        }
        sendBody(message, started: started, stamp: stamp, xml: &xml, transmission: transmission, finish: finish)
        return completion ?? SQLOutbox.Completion(
            message: message,
            attempt: AttemptReport(startedAt: started, finishedAt: Date(), endpoint: settings.sendURL, transmissionID: transmission, httpStatus: nil, outcome: "released", error: nil, sentSHA256: nil, appTime: nil),
            event: .released, nextAttemptAt: nil
        )
    }

    private func sendBody(
        _ message: ClaimedMessage, started: Date, stamp: String, xml: inout Data, transmission: String,
        finish: (String, MessageEvent, String?, Int?, Date?, Data?) -> Void
    ) {
        if message.type.requiresSignature {
            guard let signer else {
                finish("permanent", .permanentFailure, "\(message.type.rawValue) must be signed, and the profile has no signing key", nil, nil, nil)
                return
            }
            do {
                xml = try EnvelopedSignature.sign(xml, with: signer)
            } catch {
                if error.kind == .transient {
                    finish("transient", .transientFailure, "signing: \(error.message)", nil, Date().addingTimeInterval(policy.delay(afterAttempts: message.attempts, retryAfter: nil, random: Double.random(in: 0...1))), nil)
                } else {
                    finish("permanent", .permanentFailure, "signing: \(error.message)", nil, nil, nil)
                }
                return
            }
            let check = EnvelopedSignature.verify(xml)
            guard check.isValid else {
                finish("permanent", .permanentFailure, "the signature does not verify before sending: \(check.reason)", nil, nil, nil)
                return
            }
        }
        let request = settings.wire.request(for: xml, type: message.type, transmissionID: transmission, senderID: settings.senderID, receiverID: settings.receiverID, now: started)
        let outcome: SendOutcome
        var status: Int?
        do {
            let response = try pool.with { client throws(TransportError) in try client.post(settings.sendURL, body: request.body, contentType: request.contentType) }
            status = response.status
            outcome = settings.wire.classify(response)
        } catch {
            switch error.kind {
            case .connection: outcome = .transient(error.message, retryAfter: nil)
            case .unclear: outcome = .unclear(error.message)
            case .configuration: outcome = .permanent(error.message)
            }
        }
        let sent = xml
        switch outcome {
        case .accepted, .duplicate:
            governor.recordSuccess()
            var note: String?
            if case .duplicate(let info) = outcome { note = "already there: \(info)" }
            finish(outcome.label, .delivered, note, status, nil, sent)
        case .permanent(let reason):
            governor.recordSuccess()
            finish("permanent", .permanentFailure, reason, status, nil, sent)
        case .transient(let reason, let retryAfter):
            governor.recordFailure()
            retryOrGiveUp(message, reason: reason, retryAfter: retryAfter, status: status, sent: sent, finish: finish)
        case .unclear(let reason):
            governor.recordFailure()
            retryOrGiveUp(message, reason: reason, retryAfter: nil, status: status, sent: sent, finish: finish)
        }
    }

    fileprivate func retryOrGiveUp(
        _ message: ClaimedMessage, reason: String, retryAfter: TimeInterval?, status: Int?, sent: Data,
        finish: (String, MessageEvent, String?, Int?, Date?, Data?) -> Void
    ) {
        if message.attempts >= settings.maxAttempts {
            finish("exhausted", .exhausted, "gave up after \(message.attempts) attempts; last: \(reason)", status, nil, sent)
            return
        }
        if Date().timeIntervalSince(message.createdAt) > settings.maxAge {
            finish("exhausted", .exhausted, "gave up: older than \(Int(settings.maxAge)) s; last: \(reason)", status, nil, sent)
            return
        }
        let delay = policy.delay(afterAttempts: message.attempts, retryAfter: retryAfter, random: Double.random(in: 0...1))
        finish("transient", .transientFailure, reason, status, Date().addingTimeInterval(delay), sent)
    }

    private func log(_ message: ClaimedMessage, report: AttemptReport, event: MessageEvent) {
        let level: Logger.Level
        switch event {
        case .delivered, .released: level = .debug
        case .transientFailure, .leaseExpired: level = .warning
        case .permanentFailure, .exhausted: level = .error
        case .accepted, .rejected, .claim, .operatorRetry, .operatorCancel: level = .info
        }
        logger.log(level: level, "send \(report.outcome)\(report.error.map { ": " + LogMasking.text($0) } ?? "")", metadata: [
            "message_id": "\(message.id)", "message_guid": "\(message.guid)", "type": "\(message.type.rawValue)",
            "attempt": "\(message.attempts)", "transmission": "\(report.transmissionID ?? "-")",
            "http_status": "\(report.httpStatus.map(String.init) ?? "-")",
        ])
    }
}
