public import Foundation
public import CEBMessages
public import HTTPServerSupport
public import Signing

/// How the simulator behaves: where it listens, how fast customs answers, and which faults to inject.
public struct SimulatorConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// How long a caller may take to send one request, and how many connections it may hold.
    public var limits = ListenerLimits()
    /// The threads that read and write its connections: one by default, which batches the reads
    /// of a gateway's busy senders and poller. A client that waits on each answer while other
    /// work loads the machine (the platform-data benchmark's uploads) is answered sooner by NIO's
    /// thread per core, already awake for the process's other listeners.
    public var io = ListenerIO.singleThread
    /// When set, callers must send `Authorization: Bearer <token>`.
    public var token: String?
    /// 0 picks a free port.
    public var port = 0
    /// Chance that a message is refused as if malformed (permanent failure).
    public var failRate = 0.0
    /// Delay before every reply.
    public var latency: TimeInterval = 0
    /// Chance of an HTTP 500 (nothing processed).
    public var http500Rate = 0.0
    /// Chance that the message is processed but the reply never comes in time (the client times out).
    public var timeoutRate = 0.0
    /// How long a "timed out" reply is held back.
    public var timeoutHold: TimeInterval = 3
    /// Every receipt is delivered twice.
    public var duplicateReceipts = false
    /// Receipts ready at the same time are delivered in random order.
    public var reorderReceipts = false
    /// How long a receipt can still be fetched after it falls due: a simulator left running for
    /// days keeps its last day's receipts, not every one it ever issued.
    public var receiptRetention: TimeInterval = 86_400
    public var seed: UInt64 = 1
    /// The delay between customs stages (2 → 120 → 399 → 800).
    public var stageDelay: TimeInterval = 0.05
    /// Annual amounts already used by buyers on other platforms (ID number → CNY): only customs knows them.
    public var usedQuota: [String: Decimal] = [:]
    public var annualLimit: Decimal = 26000
    /// Certificates whose signatures are accepted; when set, signatures are verified.
    public var certificates: [Data] = []
    /// Also write every receipt as a file here (file-drop delivery).
    public var receiptsDirectory: URL?
    /// Also push every receipt to this URL (a `swgate receipts serve` endpoint, say).
    public var pushURL: String?
    /// Bearer token for the push receiver.
    public var pushToken: String?
    /// When set, customs signs every receipt envelope it hands out (pushed, polled or dropped).
    public var receiptSigner: (any Signer)?
    /// Customs' DXP id, the sender of receipts.
    public var customsDxpId = "DXPEDCCEB0000002"

    /// HS code → VAT and consumption-tax rates for the tax bills (others: 13 % VAT).
    public var taxRates: [String: CrossBorderTax.Rates] = [:]
    /// Chance of billing an inventory 10.00 more than the rule says.
    public var taxMisbillRate = 0.0

    /// Announcement 179: the platform's platDataOpen URL, called every `platformDataEvery` for a
    /// random declared order; uploads are taken at `/ceb2grab/grab/realTimeDataUpload`.
    public var platformDataURL: String?
    public var platformDataEvery: TimeInterval = 1
    /// Bearer token for the platform's platDataOpen.
    public var platformDataToken: String?
    /// The platform's registered certificate (DER): uploads' certNo and signature are checked
    /// against it; by default the first of `certificates`.
    public var platformCertificate: Data?

    /// Folder mode: play the E-Port client's folders as well as customs.
    public var folderClient: FolderClientConfiguration?

    public init() {}
}
