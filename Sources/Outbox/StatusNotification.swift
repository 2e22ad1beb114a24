/// A final customs status to hand to the platform (so it ships released parcels, or acts on a
/// rejection). Written in the same transaction as the status; delivered at least once.
public struct StatusNotification: Sendable, Hashable {
    public var id: Int64
    public var documentID: Int64
    /// The JSON object the platform receives.
    public var body: String
    public var attempts: Int
}
