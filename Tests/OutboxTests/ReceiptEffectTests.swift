import CEBMessages
import Outbox
import Testing

/// What an answer does, decided without a database: table-driven.
@Suite("Receipt effects")
struct ReceiptEffectTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var document: CEBMessageType
        var current: String?
        var state: MessageState
        var receipt: CEBMessageType
        var status: String
        var acceptance = "2"
        var changes: Bool
        var next: MessageState?
        var notify: Bool
        var testDescription: String { "\(document.rawValue) at \(current ?? "none")/\(state.rawValue) ← \(receipt.rawValue) \(status)" }
    }

    static let cases: [Case] = [
        Case(
            document: .ceb311, current: nil, state: .sent, receipt: .ceb312, status: "2", changes: true, next: .acknowledged, notify: false),
        Case(
            document: .ceb311, current: "2", state: .acknowledged, receipt: .ceb312, status: "120", changes: true, next: nil, notify: true),
        Case(
            document: .ceb311, current: nil, state: .sent, receipt: .ceb312, status: "2", acceptance: "120", changes: true, next: nil,
            notify: false),
        Case(
            document: .ceb311, current: "120", state: .acknowledged, receipt: .ceb312, status: "2", changes: false, next: nil, notify: false
        ),
        Case(
            document: .ceb621, current: "120", state: .acknowledged, receipt: .ceb622, status: "800", changes: true, next: nil, notify: true
        ),
        Case(
            document: .ceb621, current: "800", state: .acknowledged, receipt: .ceb622, status: "100", changes: false, next: nil,
            notify: false),
        Case(document: .ceb621, current: "2", state: .sent, receipt: .ceb622, status: "100", changes: true, next: .rejected, notify: true),
        Case(
            document: .ceb621, current: nil, state: .sending, receipt: .ceb622, status: "-621001", changes: true, next: .rejected,
            notify: true),
        Case(
            document: .ceb311, current: nil, state: .retryWait, receipt: .ceb312, status: "-301010", changes: false, next: nil,
            notify: false),
        Case(
            document: .ceb621, current: "800", state: .acknowledged, receipt: .ceb816, status: "1", changes: false, next: nil, notify: false
        ),
        Case(
            document: .ceb621, current: "800", state: .acknowledged, receipt: .ceb622, status: "899", changes: true, next: nil, notify: true
        ),
    ]

    @Test("each answer's effect", arguments: cases)
    func effect(_ c: Case) {
        let effect = ReceiptEffect.decide(
            documentType: c.document, currentStatus: c.current, messageState: c.state, receiptType: c.receipt, receiptStatus: c.status,
            acceptanceRank: CustomsStatus.rank(c.acceptance)
        )
        #expect(effect.changesStatus == c.changes)
        #expect(effect.messageState == c.next)
        #expect(effect.notify == c.notify)
    }
}
