import Outbox
import Testing

/// What the set-wise SQL updates (a claim of many messages, a bulk retry) write is taken from the
/// lifecycle table: the one state an event moves every listed state to, or nothing.
@Suite("Lifecycle targets of set-wise updates")
struct CommonTargetTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var event: MessageEvent
        var from: [MessageState]
        var expected: MessageState?
        var testDescription: String { "\(event) from \(from.map(\.rawValue))" }
    }

    static let cases: [Case] = [
        Case(event: .claim, from: [.queued, .retryWait], expected: .sending),
        Case(event: .claim, from: [.queued, .dead], expected: nil),
        Case(event: .operatorRetry, from: [.dead, .retryWait], expected: .queued),
        Case(event: .released, from: [.sending], expected: .queued),
        Case(event: .operatorCancel, from: [.queued, .retryWait, .dead], expected: .cancelled),
        Case(event: .exhausted, from: [.queued, .sending], expected: .dead),
        Case(event: .accepted, from: [.sent, .rejected], expected: nil),
    ]

    @Test("the common target, or nil when one state refuses the event", arguments: cases)
    func target(_ c: Case) {
        #expect(MessageLifecycle.commonTarget(of: c.event, from: c.from) == c.expected)
    }
}
