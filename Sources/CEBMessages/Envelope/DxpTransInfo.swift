public import Foundation

/// The routing header of a DXP envelope.
public struct DxpTransInfo: Sendable, Hashable {
    /// The sender's id for this transmission; unique per transmission, so a resend gets a new one.
    public var copMsgId: String
    /// The sender's DXP id (from `BaseTransfer.dxpId`).
    public var senderId: String
    /// One to five receiver DXP ids (e.g. `DXPEDCCEB0000002`, customs' import node).
    public var receiverIds: [String]
    /// When the envelope was created; written as `yyyy-MM-ddTHH:mm:ss` in China time.
    public var creatTime: Date
    /// The carried message type, e.g. `CEB311Message`.
    public var msgType: String

    public init(copMsgId: String, senderId: String, receiverIds: [String], creatTime: Date, msgType: String) {
        self.copMsgId = copMsgId
        self.senderId = senderId
        self.receiverIds = receiverIds
        self.creatTime = creatTime
        self.msgType = msgType
    }
}
