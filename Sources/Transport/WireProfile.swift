public import CEBMessages
public import Foundation
import XMLSupport
public import HTTPClient

/// How messages travel to one endpoint: how a message becomes a request, and what a reply means.
/// A new transport convention is one new type conforming to this protocol.
public protocol WireProfile: Sendable {
    var name: String { get }
    /// The request body and content type for `message`.
    func request(for message: Data, type: CEBMessageType, transmissionID: String, senderID: String, receiverID: String, now: Date) -> (
        body: Data, contentType: String
    )
    /// What the endpoint's reply means.
    func classify(_ response: HTTPResponse) -> SendOutcome
}

extension WireProfile {
    /// The classification shared by every profile: HTTP status first, then the body.
    public func classifyHTTP(_ response: HTTPResponse) -> SendOutcome {
        switch response.status {
        case 200..<300:
            return ReplyClassifier.classify(body: response.body)
        case 408, 425, 429:
            return .transient("HTTP \(response.status)", retryAfter: response.retryAfter)
        case 500..<600:
            return .transient("HTTP \(response.status)", retryAfter: response.retryAfter)
        default:
            let text = String(decoding: response.body.prefix(300), as: UTF8.self)
            return .permanent("HTTP \(response.status)\(text.isEmpty ? "" : ": \(text)")")
        }
    }
}

/// The DXP terminal-node convention: the message Base64 in a `DxpMsg` envelope, POSTed as XML.
public struct DXPProfile: WireProfile {
    public let name = "dxp"

    public init() {}

    public func request(for message: Data, type: CEBMessageType, transmissionID: String, senderID: String, receiverID: String, now: Date)
        -> (body: Data, contentType: String)
    {
        let envelope = DxpEnvelope(
            transInfo: DxpTransInfo(
                copMsgId: transmissionID, senderId: senderID, receiverIds: [receiverID], creatTime: now, msgType: type.rawValue),
            data: message,
            fileName: "\(type.rawValue)_\(transmissionID).xml"
        )
        return (envelope.xmlData(), "application/xml; charset=utf-8")
    }

    public func classify(_ response: HTTPResponse) -> SendOutcome { classifyHTTP(response) }
}

/// The CEB XML itself, POSTed as is (some local e-port gateways).
public struct RawProfile: WireProfile {
    public let name = "raw"

    public init() {}

    public func request(for message: Data, type: CEBMessageType, transmissionID: String, senderID: String, receiverID: String, now: Date)
        -> (body: Data, contentType: String)
    {
        (message, "application/xml; charset=utf-8")
    }

    public func classify(_ response: HTTPResponse) -> SendOutcome { classifyHTTP(response) }
}

/// Reads a 2xx reply body: a `DxpRep`, a `CEB900Message`, or plain text.
public enum ReplyClassifier {
    public static func classify(body: Data) -> SendOutcome {
        // Every send ends here, so the reply is looked at as bytes: only a reply that is not XML
        // becomes a String, never the whole body of every reply.
        let head = body.prefix(4096)
        var start = head.startIndex
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { start += 3 }
        while start < head.endIndex, isSpace(head[start]) { start += 1 }
        var end = head.endIndex
        while end > start, isSpace(head[end - 1]) { end -= 1 }
        if start == end { return .accepted(nil) }
        guard head[start] == UInt8(ascii: "<"), let outcome = try? XMLSupportBridge.withRootElement(body, classify(root:)) else {
            let text = String(decoding: head[start..<end], as: UTF8.self)
            if text == "0" || (text.utf8.count == 2 && text.uppercased() == "OK") { return .accepted(nil) }
            return .accepted(text)
        }
        return outcome
    }

    /// What a reply's XML says, read where it lies in the parsed document (no tree is built for
    /// the few elements a reply has).
    static func classify<Element: XMLElementReading>(root: Element) -> SendOutcome {
        switch root.name {
        case "DxpRep":
            let response = root.firstChild("Response")
            let code = response?.firstChild("ResponseCode")?.text.trimmedWhitespace ?? ""
            let info = response?.firstChild("ResponseInfo")?.text ?? ""
            return dxpCode(code, info: info)
        case "CEB900Message":
            let answer = root.firstChild("MessageReturn")
            let status = answer?.firstChild("returnStatus")?.text ?? ""
            let info = answer?.firstChild("returnInfo")?.text ?? ""
            if let value = Int(status), value < 0 {
                if ErrorCatalogue.alreadyExistsCodes.contains(status) { return .duplicate("\(status) \(info)") }
                return .permanent("CEB900 \(status): \(info)")
            }
            return .accepted(info)
        default:
            return .accepted(nil)
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// DXP response codes: 0… success; 0001–0999 format, 1xxx security, 2xxx routing (permanent);
    /// 3xxx system (transient).
    static func dxpCode(_ code: String, info: String) -> SendOutcome {
        let digits = code.filter(\.isNumber)
        guard let value = Int(digits) else { return .permanent("DxpRep without a usable ResponseCode: \(code) \(info)") }
        if value == 0 { return .accepted(info.isEmpty ? nil : info) }
        let meaning = ErrorCatalogue.meaning(of: String(format: "%04d", value)) ?? "DXP code \(code)"
        if (3000..<4000).contains(value) { return .transient("\(meaning) \(info)", retryAfter: nil) }
        return .permanent("\(meaning) \(info)")
    }
}
