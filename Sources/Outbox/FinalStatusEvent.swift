public import CEBMessages

/// A document reaching a final customs status, for notifying the platform.
public struct FinalStatusEvent: Sendable, Hashable {
    public var documentID: Int64
    public var type: CEBMessageType
    public var businessKey: String
    public var orderNo: String
    public var status: String
    public var info: String
}
