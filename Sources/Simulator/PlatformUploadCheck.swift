import Foundation
public import Signing

/// Checks one 179 upload (`payExInfoStr`) as customs does: the members and their order, every
/// field's presence and length, the guid, the session it answers, the certificate number, and
/// the signature over the text rebuilt from the uploaded bytes. Returns the answer code and why.
public struct PlatformUploadCheck: Sendable {
    /// The registered certificate: its serial is the expected `certNo`, its key verifies.
    public let certificate: Certificate

    public init(certificate: Certificate) { self.certificate = certificate }

    /// The problem customs would answer, or nil when the upload is right. `expectedOrder` is the
    /// order customs asked about in that session.
    public func problem(_ payExInfoStr: String, expectedOrder: String?) -> (code: String, message: String)? {
        guard let members = RawJSONMembers.members(payExInfoStr),
            let object = try? JSONSerialization.jsonObject(with: Data(payExInfoStr.utf8)) as? [String: Any]
        else { return ("20001", "payExInfoStr is not a JSON object") }
        let names = members.map(\.name)
        let expected = ["sessionID", "payExchangeInfoHead", "payExchangeInfoLists", "serviceTime", "certNo", "signValue"]
        guard names == expected else { return ("20001", "members \(names) are not \(expected) in that order") }
        let raw = Dictionary(members.map { ($0.name, String($0.value)) }, uniquingKeysWith: { first, _ in first })
        guard let session = object["sessionID"] as? String, !session.isEmpty else { return ("20001", "sessionID missing") }
        guard let time = object["serviceTime"] as? NSNumber, raw["serviceTime"]?.first != "\"" else {
            return ("20001", "serviceTime must be a number (epoch ms)")
        }
        guard let head = object["payExchangeInfoHead"] as? [String: Any], let headText = raw["payExchangeInfoHead"] else {
            return ("20001", "payExchangeInfoHead is not an object")
        }
        if let problem = headProblem(head, raw: headText) { return ("20001", problem) }
        guard let lists = object["payExchangeInfoLists"] as? [[String: Any]], !lists.isEmpty, let listsText = raw["payExchangeInfoLists"]
        else { return ("20001", "payExchangeInfoLists is not a non-empty array of objects") }
        if let problem = listsProblem(lists, expectedOrder: expectedOrder) { return ("20001", problem) }
        guard let certNo = object["certNo"] as? String, certNo.caseInsensitiveCompare(certificate.serialNumber) == .orderedSame else {
            return ("20004", "验签证书未在服务系统注册 (certNo is not the registered certificate's serial \(certificate.serialNumber))")
        }
        guard let signValue = object["signValue"] as? String, let signature = Data(base64Encoded: signValue) else {
            return ("20002", "signValue is not Base64")
        }
        let signed =
            "\"sessionID\":\"\(session)\"||\"payExchangeInfoHead\":\"\(headText)\"||\"payExchangeInfoLists\":\"\(listsText)\"||\"serviceTime\":\"\(time.int64Value)\""
        guard certificate.verifyingAlgorithm(of: signature, over: Data(signed.utf8)) != nil else {
            return ("20002", "验签失败: the signature does not verify over the text rebuilt from the upload")
        }
        return nil
    }

    static let headFields: [(name: String, length: Int, required: Bool)] = [
        ("guid", 36, true), ("initalRequest", 8000, true), ("initalResponse", 8000, true), ("ebpCode", 18, true), ("payCode", 18, true),
        ("payTransactionId", 60, true), ("totalAmount", 0, true), ("currency", 4, true), ("verDept", 1, true), ("payType", 1, false),
        ("tradingTime", 14, true), ("note", 1000, false),
    ]

    func headProblem(_ head: [String: Any], raw: String) -> String? {
        let order = RawJSONMembers.members(raw)?.map(\.name) ?? []
        let known = Self.headFields.map(\.name)
        let present = known.filter { order.contains($0) }
        if order.filter({ known.contains($0) }) != present { return "payExchangeInfoHead's keys are not in customs' order" }
        for field in Self.headFields {
            if field.name == "totalAmount" {
                guard let amount = head["totalAmount"] as? NSNumber, !(head["totalAmount"] is String), amount.doubleValue > 0 else {
                    return "totalAmount must be a positive JSON number"
                }
                continue
            }
            let value = head[field.name] as? String
            if field.required, (value ?? "").isEmpty { return "\(field.name) is missing" }
            if let value, value.count > field.length { return "\(field.name) is longer than \(field.length)" }
        }
        if let guid = head["guid"] as? String, guid != guid.uppercased() || guid.count != 36 {
            return "guid must be 36 characters, upper-case"
        }
        if let dept = head["verDept"] as? String, !["1", "2", "3"].contains(dept) { return "verDept must be 1, 2 or 3" }
        if let time = head["tradingTime"] as? String, time.count != 14 || !time.allSatisfy(\.isNumber) {
            return "tradingTime must be yyyyMMddHHmmss"
        }
        return nil
    }

    func listsProblem(_ lists: [[String: Any]], expectedOrder: String?) -> String? {
        for entry in lists {
            guard let orderNo = entry["orderNo"] as? String, !orderNo.isEmpty, orderNo.count <= 60 else { return "orderNo is missing" }
            guard let goods = entry["goodsInfo"] as? [[String: Any]], !goods.isEmpty else { return "goodsInfo of \(orderNo) is empty" }
            for item in goods {
                guard let name = item["gname"] as? String, !name.isEmpty, name.count <= 250 else { return "a gname of \(orderNo) is wrong" }
                guard let link = item["itemLink"] as? String, link.count <= 3000 else { return "an itemLink of \(orderNo) is wrong" }
            }
            guard let account = entry["recpAccount"] as? String, !account.isEmpty, account.count <= 60 else {
                return "recpAccount of \(orderNo) is missing"
            }
            guard let name = entry["recpName"] as? String, !name.isEmpty, name.count <= 100 else {
                return "recpName of \(orderNo) is missing"
            }
            if let code = entry["recpCode"] as? String, code.count > 18 { return "recpCode of \(orderNo) is longer than 18" }
        }
        if let expectedOrder, !lists.contains(where: { ($0["orderNo"] as? String) == expectedOrder }) {
            return "the lists do not hold the order asked for, \(expectedOrder)"
        }
        return nil
    }
}
