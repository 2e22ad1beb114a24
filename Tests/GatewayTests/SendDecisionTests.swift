import Foundation
import Gateway
import Outbox
import Testing
import Transport

/// What a send attempt means, decided without sockets: table-driven.
@Suite("Send decisions")
struct SendDecisionTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let policy = RetryPolicy(base: 2, cap: 60)

    struct Case: Sendable, CustomTestStringConvertible {
        var outcome: SendOutcome
        var attempts = 1
        var age: TimeInterval = 10
        var event: MessageEvent
        var recorded: String
        var retryIn: ClosedRange<TimeInterval>?
        var testDescription: String { "\(outcome.label) at attempt \(attempts), age \(Int(age)) s" }
    }

    static let cases: [Case] = [
        Case(outcome: .accepted(nil), event: .delivered, recorded: "accepted"),
        Case(outcome: .duplicate("0 已存在"), event: .delivered, recorded: "duplicate"),
        Case(outcome: .permanent("HTTP 400"), event: .permanentFailure, recorded: "permanent"),
        Case(outcome: .transient("HTTP 503", retryAfter: nil), event: .transientFailure, recorded: "transient", retryIn: 1...2),
        Case(
            outcome: .transient("HTTP 503", retryAfter: nil), attempts: 3, event: .transientFailure, recorded: "transient", retryIn: 4...8),
        Case(outcome: .transient("HTTP 429", retryAfter: 30), event: .transientFailure, recorded: "transient", retryIn: 30...30),
        Case(outcome: .transient("HTTP 429", retryAfter: 600), event: .transientFailure, recorded: "transient", retryIn: 60...60),
        Case(outcome: .unclear("timeout"), attempts: 10, event: .transientFailure, recorded: "transient", retryIn: 30...60),
        Case(outcome: .unclear("timeout"), attempts: 12, event: .exhausted, recorded: "exhausted"),
        Case(outcome: .transient("refused", retryAfter: nil), age: 90_000, event: .exhausted, recorded: "exhausted"),
    ]

    @Test("each outcome's decision", arguments: cases)
    func decide(_ c: Case) {
        for random in [0.0, 1.0] {
            let decision = SendDecision.after(
                c.outcome, attempts: c.attempts, createdAt: Self.now.addingTimeInterval(-c.age), maxAttempts: 12, maxAge: 86_400,
                policy: Self.policy, now: Self.now,
                random: random
            )
            #expect(decision.event == c.event)
            #expect(decision.outcome.rawValue == c.recorded)
            if let range = c.retryIn {
                let delay = (decision.nextAttemptAt ?? .distantPast).timeIntervalSince(Self.now)
                #expect(range.contains(delay), "retry in \(delay) s")
            } else {
                #expect(decision.nextAttemptAt == nil)
            }
        }
    }

    @Test("a signing failure before sending: permanent is dead, transient waits")
    func beforeSending() {
        #expect(
            SendDecision.beforeSending("no key", transient: false, attempts: 1, policy: Self.policy, now: Self.now, random: 0.5).event
                == .permanentFailure)
        let later = SendDecision.beforeSending("signer busy", transient: true, attempts: 1, policy: Self.policy, now: Self.now, random: 0.5)
        #expect(later.event == .transientFailure && later.nextAttemptAt == Self.now.addingTimeInterval(1.5))
    }
}
