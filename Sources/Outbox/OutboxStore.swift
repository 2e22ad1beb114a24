public import CEBMessages
public import Foundation

/// The durable store behind swgate: what was accepted, what was sent, what customs answered.
///
/// The embedded implementation is ``SQLOutbox``; another engine (PostgreSQL, for several
/// gateway hosts) implements the same protocol and slots in without touching callers.
public protocol OutboxStore: Sendable {
    /// What the outbox holds for each of `keys`.
    func existing(_ keys: [DocumentKey]) throws(OutboxError) -> [DocumentKey: ExistingDocument]

    /// Enqueues messages and their documents in one transaction: all or nothing. A document whose
    /// key is already present makes the whole submission fail with ``OutboxError/Kind/conflict``.
    func submit(file: String, messages: [SubmissionMessage], now: Date) throws(OutboxError) -> SubmissionResult

    /// What each of `buyers` (see ``Purchase``) has spent in `year` in inventories the outbox holds,
    /// in fen — leaving out inventories customs rejected and messages cancelled.
    func purchases(buyers: Set<String>, year: Int) throws(OutboxError) -> [String: Int64]
    /// The inventory customs numbered `invtNo`, with its message (cancellations and returns are checked against it).
    func inventory(invtNo: String) throws(OutboxError) -> (summary: DocumentSummary, payload: Data)?

    func status(now: Date) throws(OutboxError) -> OutboxStatus
    func documents(_ filter: DocumentFilter) throws(OutboxError) -> [DocumentSummary]
    /// Documents by id, guid, order number or business key.
    func details(_ reference: String) throws(OutboxError) -> [DocumentDetail]

    /// Puts messages back in the queue; returns how many moved. `dryRun` counts without moving.
    func retry(messageIDs: [Int64], now: Date) throws(OutboxError) -> Int
    func retry(state: MessageState, type: CEBMessageType?, dryRun: Bool, now: Date) throws(OutboxError) -> Int
    func cancel(messageIDs: [Int64], now: Date) throws(OutboxError) -> Int
    /// Deletes messages in final states last changed before `cutoff`, with their documents and attempts.
    func prune(before cutoff: Date) throws(OutboxError) -> Int
    /// Sends in `sending` whose lease ran out go back to `retry-wait`; returns how many.
    func recoverExpiredLeases(now: Date) throws(OutboxError) -> Int
    /// Integrity problems; empty when every invariant holds.
    func check() throws(OutboxError) -> [String]
}
