public import CEBMessages
public import Foundation

/// A message a worker has claimed: it holds the lease until `leaseUntil`.
public struct ClaimedMessage: Sendable {
    public var id: Int64
    public var guid: String
    public var type: CEBMessageType
    public var payload: Data
    /// Attempts so far, this one included.
    public var attempts: Int
    public var createdAt: Date
    public var lastAppTime: String?
    public var worker: String
}
