public import Foundation
import SyntheticData
import HTTPClient
import Logging
public import Signing

/// The simulator playing customs under announcement 179: it calls the platform's platDataOpen
/// for random orders it has been declared, serves realTimeDataUpload, and checks every upload
/// (``PlatformUploadCheck``), answering 10000 or the error code customs would.
public actor PlatformDataCustoms {
    public struct Stats: Sendable, Hashable {
        public var requested = 0
        /// Requests the platform answered 10000.
        public var answered = 0
        public var answerFailures = 0
        public var uploads = 0
        /// Uploads that passed every check.
        public var verified = 0
        public var refused = 0
        public var lastRefusal: String?
        /// Sessions asked for and not yet uploaded right.
        public var outstanding = 0
    }

    let check: PlatformUploadCheck?
    private var sessions: [String: String] = [:]
    private var uploadedSessions: Set<String> = []
    private var guids: Set<String> = []
    private var stats = Stats()
    private var random = SeededRandom(seed: 179)

    /// `certificate` is the platform's registered certificate; without one, signatures are not checked.
    public init(certificate: Certificate?) {
        check = certificate.map(PlatformUploadCheck.init)
    }

    /// A new session for `orderNo` (customs' sessionID: unique, its own format).
    public func issue(orderNo: String) -> String {
        let session = "SIM" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(24)
        sessions[session] = orderNo
        stats.requested += 1
        return session
    }

    func answered(_ ok: Bool) {
        if ok { stats.answered += 1 } else { stats.answerFailures += 1 }
    }

    /// Picks an order at random.
    func pick(_ orders: [String]) -> String? {
        guard !orders.isEmpty else { return nil }
        return orders[random.int(0...(orders.count - 1))]
    }

    /// Takes one upload (the form body); returns customs' answer code and message.
    public func upload(_ body: Data) -> (code: String, message: String) {
        stats.uploads += 1
        let result = judge(body)
        if result.code == "10000" {
            stats.verified += 1
        } else {
            stats.refused += 1
            stats.lastRefusal = "\(result.code) \(result.message)"
        }
        return result
    }

    private func judge(_ body: Data) -> (code: String, message: String) {
        guard let fields = FormEncoding.decode(body), let text = fields["payExInfoStr"] else {
            return ("20001", "no form field payExInfoStr")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
            let session = object["sessionID"] as? String
        else { return ("20001", "payExInfoStr is not JSON with a sessionID") }
        guard let orderNo = sessions[session] else { return ("20003", "sessionID \(session) was never issued") }
        guard !uploadedSessions.contains(session) else { return ("20000", "入库失败: sessionID \(session) was uploaded already") }
        if let head = object["payExchangeInfoHead"] as? [String: Any], let guid = head["guid"] as? String, guids.contains(guid) {
            return ("20000", "入库失败: guid \(guid) was used already")
        }
        if let check, let problem = check.problem(text, expectedOrder: orderNo) { return problem }
        uploadedSessions.insert(session)
        if let head = object["payExchangeInfoHead"] as? [String: Any], let guid = head["guid"] as? String { guids.insert(guid) }
        return ("10000", "上传成功")
    }

    public func currentStats() -> Stats {
        var copy = stats
        copy.outstanding = sessions.count - uploadedSessions.count
        return copy
    }
}
