public import Foundation

/// Customs' request for one order's payment raw data (announcement 179), and its upload job.
public struct PlatformRequest: Sendable, Hashable {
    public enum State: String, Sendable, Hashable, CaseIterable {
        /// Waiting for its upload (the first, or a retry after `nextAttemptAt`).
        case pending
        /// Customs answered the upload with 10000.
        case uploaded
        /// Given up: attempts exhausted, or customs refused it for good; `lastError` says why.
        case dead
        /// The outbox holds no order with that number: nothing to upload.
        case unknownOrder = "unknown-order"
    }

    public var id: Int64
    public var sessionID: String
    public var orderNo: String
    /// When customs asked (its `serviceTime`).
    public var askedAt: Date
    public var receivedAt: Date
    /// Who asked (the caller's address).
    public var source: String
    public var state: State
    public var attempts: Int
    public var nextAttemptAt: Date
    /// The guid of the latest upload.
    public var guid: String?
    /// The latest `payExInfoStr` uploaded, exactly as sent.
    public var upload: String?
    /// Customs' latest answer code (`10000`, `20004`…), or nil when none came.
    public var lastCode: String?
    public var lastError: String?
    public var doneAt: Date?
}

/// How one upload attempt of a ``PlatformRequest`` ended, to be recorded.
public struct PlatformUploadRecord: Sendable, Hashable {
    public var state: PlatformRequest.State
    /// When a pending request is next due.
    public var nextAttemptAt: Date
    public var guid: String?
    public var upload: String?
    public var code: String?
    public var error: String?

    public init(
        state: PlatformRequest.State, nextAttemptAt: Date, guid: String? = nil, upload: String? = nil, code: String? = nil,
        error: String? = nil
    ) {
        self.state = state
        self.nextAttemptAt = nextAttemptAt
        self.guid = guid
        self.upload = upload
        self.code = code
        self.error = error
    }
}

/// What the outbox holds for building an order's upload: the stored facts of its payment and of
/// every order that payment paid for (the requested order first).
public struct PlatformUploadSource: Sendable, Hashable {
    public struct Order: Sendable, Hashable {
        public var orderNo: String
        /// The order document's business key, `ebpCode:orderNo`.
        public var businessKey: String
        public var facts: String?

        public init(orderNo: String, businessKey: String, facts: String?) {
            self.orderNo = orderNo
            self.businessKey = businessKey
            self.facts = facts
        }
    }

    public var paymentKey: String
    /// The payment document's stored facts, nil when the outbox holds no payment with an
    /// exchange under that key.
    public var payment: String?
    public var orders: [Order]

    public init(paymentKey: String, payment: String?, orders: [Order]) {
        self.paymentKey = paymentKey
        self.payment = payment
        self.orders = orders
    }
}

/// The requests by state, and how late the oldest pending one is.
public struct PlatformRequestCounts: Sendable, Hashable {
    public var byState: [PlatformRequest.State: Int]
    /// How long the oldest pending request has waited since it was received, nil when none waits.
    public var oldestPendingAge: TimeInterval?
    /// Pending requests received longer ago than the upload time limit.
    public var overdue: Int

    public init(byState: [PlatformRequest.State: Int] = [:], oldestPendingAge: TimeInterval? = nil, overdue: Int = 0) {
        self.byState = byState
        self.oldestPendingAge = oldestPendingAge
        self.overdue = overdue
    }
}
