public import Foundation

/// What happened to one send attempt.
public struct AttemptReport: Sendable {
    public var startedAt: Date
    public var finishedAt: Date
    public var endpoint: String?
    public var transmissionID: String?
    public var httpStatus: Int?
    public var outcome: AttemptOutcome
    public var error: String?
    /// SHA-256 of the exact bytes sent.
    public var sentSHA256: String?
    /// The appTime stamped on this send.
    public var appTime: String?
    /// The exact bytes sent (stamped, signed); stored under the attempt (`attempt_bodies`), their
    /// hash in ``sentSHA256``.
    public var sentBody: Data? = nil

    public init(
        startedAt: Date, finishedAt: Date, endpoint: String?, transmissionID: String?, httpStatus: Int?, outcome: AttemptOutcome,
        error: String?, sentSHA256: String?, appTime: String?
    ) {
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.endpoint = endpoint
        self.transmissionID = transmissionID
        self.httpStatus = httpStatus
        self.outcome = outcome
        self.error = error
        self.sentSHA256 = sentSHA256
        self.appTime = appTime
    }
}
