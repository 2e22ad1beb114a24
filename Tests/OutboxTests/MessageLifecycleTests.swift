import Outbox
import Testing

@Suite("Message lifecycle")
struct MessageLifecycleTests {
    static let allEvents: [MessageEvent] = [
        .claim, .delivered, .transientFailure, .permanentFailure, .exhausted, .leaseExpired, .released, .accepted, .rejected,
        .operatorRetry, .operatorCancel,
    ]

    /// The complete table: every (state, event) pair not listed is refused.
    static let allowed: [MessageState: [MessageEvent: MessageState]] = [
        .queued: [.claim: .sending, .exhausted: .dead, .accepted: .acknowledged, .rejected: .rejected, .operatorCancel: .cancelled],
        .sending: [
            .delivered: .sent, .transientFailure: .retryWait, .permanentFailure: .dead, .exhausted: .dead, .leaseExpired: .retryWait,
            .released: .queued, .accepted: .acknowledged, .rejected: .rejected,
        ],
        .sent: [.accepted: .acknowledged, .rejected: .rejected],
        .acknowledged: [.accepted: .acknowledged, .rejected: .rejected],
        .rejected: [:],
        .retryWait: [
            .claim: .sending, .exhausted: .dead, .accepted: .acknowledged, .rejected: .rejected, .operatorRetry: .queued,
            .operatorCancel: .cancelled,
        ],
        .dead: [.accepted: .acknowledged, .rejected: .rejected, .operatorRetry: .queued, .operatorCancel: .cancelled],
        .cancelled: [:],
    ]

    @Test("every state and event, exhaustively", arguments: MessageState.allCases)
    func table(_ state: MessageState) {
        for event in Self.allEvents {
            #expect(MessageLifecycle.next(state, on: event) == Self.allowed[state]?[event], "\(state) on \(event)")
        }
    }

    @Test("final states accept no operator action; rejected and cancelled accept nothing")
    func finals() {
        for state in MessageState.allCases where state.isFinal {
            #expect(MessageLifecycle.next(state, on: .operatorRetry) == nil)
            #expect(MessageLifecycle.next(state, on: .claim) == nil)
        }
        for event in Self.allEvents {
            #expect(MessageLifecycle.next(.cancelled, on: event) == nil)
            #expect(MessageLifecycle.next(.rejected, on: event) == nil)
        }
        #expect(MessageState.allCases.filter(\.isDispatchable) == [.queued, .retryWait])
    }
}
