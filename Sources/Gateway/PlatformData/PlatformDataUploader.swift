public import Adapters
public import Foundation
public import HTTPClient
public import Logging
public import Outbox
public import Signing

/// Uploads customs' recorded requests (announcement 179) from the outbox: claims due requests
/// with a lease, builds each upload from the stored order and payment, signs it, POSTs it to
/// realTimeDataUpload and records what customs answered. A worker killed mid-upload loses
/// nothing: its claim runs out and the request is due again.
public final class PlatformDataUploader: Sendable {
    public struct Configuration: Sendable {
        public var uploadURL: String
        /// The certificate number sent as `certNo`.
        public var certNo: String
        public var defaultSeller: SellerRecord?
        public var maxAttempts: Int
        /// How long a claim holds a request before another worker may take it over.
        public var lease: TimeInterval = 60
        /// Requests claimed at a time.
        public var batch = 8
        public var http = HTTPConfiguration()
        /// This worker's name, on its claims.
        public var worker: String

        public init(settings: PlatformDataSettings, certNo: String, worker: String) {
            uploadURL = settings.uploadURL
            self.certNo = certNo
            defaultSeller = settings.seller
            maxAttempts = settings.maxAttempts
            self.worker = worker
            http.totalTimeout = 15
        }

        /// With `certNo` the profile's, else `signer`'s certificate's serial number (what customs
        /// registered the platform's card by).
        public init(settings: PlatformDataSettings, signer: any Signer, worker: String) {
            let serial = (try? Certificate(bytes: signer.certificate))?.serialNumber ?? signer.keyName
            self.init(settings: settings, certNo: settings.certNo ?? serial, worker: worker)
        }
    }

    /// What one round did.
    public struct Round: Sendable, Hashable {
        public var claimed = 0
        public var uploaded = 0
        public var retrying = 0
        public var dead = 0
        public var unknownOrders = 0

        public init() {}

        /// This round and `other` together.
        public mutating func add(_ other: Round) {
            claimed += other.claimed
            uploaded += other.uploaded
            retrying += other.retrying
            dead += other.dead
            unknownOrders += other.unknownOrders
        }
    }

    public let configuration: Configuration
    let store: SQLOutbox
    let signer: any Signer
    let logger: Logger

    public init(configuration: Configuration, store: SQLOutbox, signer: any Signer, logger: Logger = Logger(label: "swgate.platform-data"))
    {
        self.configuration = configuration
        self.store = store
        self.signer = signer
        self.logger = logger
    }

    /// Claims and uploads one round of due requests with `client`.
    public func runOnce(client: CurlClient, now: @Sendable () -> Date = Date.init) throws(OutboxError) -> Round {
        let claimed = try store.claimPlatformUploads(
            limit: configuration.batch, worker: configuration.worker, lease: configuration.lease, now: now())
        var round = Round()
        round.claimed = claimed.count
        for request in claimed {
            let record = try attempt(request, client: client, now: now)
            try store.finishPlatformUpload(id: request.id, worker: configuration.worker, record, now: now())
            switch record.state {
            case .uploaded: round.uploaded += 1
            case .pending: round.retrying += 1
            case .dead: round.dead += 1
            case .unknownOrder: round.unknownOrders += 1
            }
            let metadata: Logger.Metadata = [
                "order": "\(request.orderNo)", "session": "\(request.sessionID)", "attempt": "\(request.attempts)",
                "state": "\(record.state.rawValue)",
            ]
            if record.state == .uploaded {
                logger.info("uploaded payment data", metadata: metadata)
            } else {
                logger.warning("upload not done: \(record.error ?? "")", metadata: metadata)
            }
        }
        return round
    }

    /// Builds, signs and POSTs one upload; returns what to record.
    func attempt(_ request: PlatformRequest, client: CurlClient, now: () -> Date) throws(OutboxError) -> PlatformUploadRecord {
        func decide(_ outcome: PlatformUploadDecision.Outcome, _ guid: String?, _ upload: String?) -> PlatformUploadRecord {
            PlatformUploadDecision.record(
                outcome, attempts: request.attempts, maxAttempts: configuration.maxAttempts, now: now(), guid: guid, upload: upload)
        }
        guard let source = try store.platformUploadSource(orderNo: request.orderNo) else { return decide(.unknownOrder, nil, nil) }
        let upload: PlatformDataUpload
        do {
            upload = try PlatformDataUpload.build(
                source: source, sessionID: request.sessionID, guid: UUID().uuidString, serviceTime: Self.millis(now()),
                defaultSeller: configuration.defaultSeller)
        } catch {
            return decide(.incomplete(error.reason), nil, nil)
        }
        let signature: Data
        do {
            signature = try signer.sign(Data(upload.signedText.utf8))
        } catch {
            return decide(.signingFailed(error.message, permanent: error.kind == .permanent), upload.guid, nil)
        }
        let text = upload.payExInfoStr(certNo: configuration.certNo, signature: signature)
        let response: HTTPResponse
        do {
            response = try client.post(
                configuration.uploadURL, body: PlatformDataUpload.formBody(text),
                contentType: "application/x-www-form-urlencoded;charset=utf-8")
        } catch {
            return decide(.transportFailed(error.message), upload.guid, text)
        }
        return decide(Self.outcome(response), upload.guid, text)
    }

    /// Customs' answer: `{"code": "10000", "message": …}` on HTTP 2xx; anything else is a
    /// transport failure (retried).
    static func outcome(_ response: HTTPResponse) -> PlatformUploadDecision.Outcome {
        guard (200..<300).contains(response.status) else { return .transportFailed("HTTP \(response.status) from realTimeDataUpload") }
        guard let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any] else {
            return .transportFailed("the answer is not customs' JSON")
        }
        let code: String? =
            switch object["code"] {
            case let text as String: text
            case let number as NSNumber: number.stringValue
            default: nil
            }
        guard let code else { return .transportFailed("the answer has no code") }
        return .answered(code: code, message: (object["message"] as? String) ?? "")
    }

    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
}
