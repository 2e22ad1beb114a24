public import Foundation
import HTTPClient

/// Customs' call to the platform's platDataOpen: which order's payment raw data it wants, under
/// which session. It comes as the form field `openReq` holding JSON (some relays send the JSON
/// as the body itself, or `{"openReq": …}`): every shape is read, anything else is refused.
public struct PlatformOpenRequest: Sendable, Hashable {
    public var orderNo: String
    public var sessionID: String
    /// Customs' `serviceTime`, epoch milliseconds.
    public var serviceTime: Int64

    public init(orderNo: String, sessionID: String, serviceTime: Int64) {
        self.orderNo = orderNo
        self.sessionID = sessionID
        self.serviceTime = serviceTime
    }

    /// Why a request cannot be taken: said in the answer's `message` and logged.
    public struct Malformed: Error, Sendable, Hashable {
        public var reason: String
    }

    /// Reads a request body of the given content type.
    public static func parse(body: Data, contentType: String?) throws(Malformed) -> PlatformOpenRequest {
        let type = (contentType ?? "").lowercased()
        if type.hasPrefix("application/x-www-form-urlencoded") || (!type.contains("json") && body.first != UInt8(ascii: "{")) {
            guard let fields = FormEncoding.decode(body) else { throw Malformed(reason: "the form body is not valid") }
            guard let text = fields["openReq"] else { throw Malformed(reason: "the form has no field openReq") }
            return try parse(json: Data(text.utf8))
        }
        return try parse(json: body)
    }

    static func parse(json: Data) throws(Malformed) -> PlatformOpenRequest {
        guard let object = try? JSONSerialization.jsonObject(with: json, options: [.fragmentsAllowed]) else {
            throw Malformed(reason: "openReq is not valid JSON")
        }
        var fields = object as? [String: Any]
        if let wrapped = fields?["openReq"] {
            if let text = wrapped as? String, let inner = try? JSONSerialization.jsonObject(with: Data(text.utf8)) {
                fields = inner as? [String: Any]
            } else {
                fields = wrapped as? [String: Any]
            }
        }
        guard let fields else { throw Malformed(reason: "openReq is not a JSON object") }
        guard let orderNo = (fields["orderNo"] as? String)?.trimmingCharacters(in: .whitespaces), !orderNo.isEmpty, orderNo.count <= 60
        else {
            throw Malformed(reason: "orderNo is missing, empty or longer than 60 characters")
        }
        guard let sessionID = fields["sessionID"] as? String, !sessionID.isEmpty, sessionID.count <= 100,
            !sessionID.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\"" || $0 == "\\" })
        else {
            throw Malformed(reason: "sessionID is missing, empty, longer than 100 characters or holds quotes or control characters")
        }
        let time: Int64?
        switch fields["serviceTime"] {
        case let number as NSNumber: time = number.int64Value
        case let text as String: time = Int64(text)
        default: time = nil
        }
        guard let time, time > 0 else { throw Malformed(reason: "serviceTime is missing or not epoch milliseconds") }
        return PlatformOpenRequest(orderNo: orderNo, sessionID: sessionID, serviceTime: time)
    }
}
