import Redaction
public import Adapters
public import Foundation
public import HTTPClient
public import Transport

/// How `swgate run` sends: where, how many at once, how patiently.
public struct DispatchSettings: Sendable {
    /// Where messages are POSTed.
    public var sendURL: String
    /// ``sendURL`` as recorded with every attempt and shown in logs: credentials masked (a token
    /// in the query must not end up in the outbox).
    public var recordedEndpoint: String { folder.map { "folder:\($0.send.path)" } ?? URLRedaction.redacted(sendURL) }
    /// When set, messages are written into the E-Port client's send folder instead of POSTed.
    public var folder: FolderTransportSettings?
    /// Where receipts are polled (nil: not polled).
    public var receiptsURL: String?
    /// Where receipts are pulled by time cursor (``TimeCursorPoller``), beside or instead of `receiptsURL`.
    public var receiptsByTimeURL: String?
    public var wire: any WireProfile = DXPProfile()
    public var http = HTTPConfiguration()
    public var concurrency = 4
    public var maxAttempts = 8
    public var maxAge: TimeInterval = 24 * 3600
    public var backoffBase: TimeInterval = 1
    public var backoffCap: TimeInterval = 300
    public var lease: TimeInterval = 60
    /// Customs status an order, payment and waybill need before their inventory is sent (2 or 120).
    public var acceptanceStatus = "2"
    /// At most this many sends per second to the endpoint (nil: unlimited).
    public var rateLimit: Double?
    /// Consecutive transient failures that open the circuit breaker, and how long it stays open.
    public var breakerThreshold = 20
    public var breakerCooldown: TimeInterval = 5
    /// How often the worker looks for inventories whose order, payment or waybill will not be
    /// accepted (they go `dead` with the reason).
    public var blockedSweepInterval: TimeInterval = 5
    /// How long an order, payment or waybill may sit at a customs error (a negative code) before
    /// its inventory gives up: customs sometimes accepts after an error, rarely after this long.
    public var errorGrace: TimeInterval = 1800
    public var senderID = "DXPENT0000000001"
    public var receiverID = "DXPEDCCEB0000002"
    public var worker = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"

    /// Settings for a base URL such as a simulator's: messages to `/dxp`, receipts from `/receipts`.
    /// A URL with a path is used as the send URL as it is.
    public init(endpoint: String) {
        let trimmed = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        if let url = URL(string: trimmed), url.path.isEmpty || url.path == "/" {
            sendURL = trimmed + "/dxp"
            receiptsURL = trimmed + "/receipts"
        } else {
            sendURL = trimmed
            receiptsURL = trimmed.hasSuffix("/dxp") ? String(trimmed.dropLast(4)) + "/receipts" : nil
        }
    }
}
