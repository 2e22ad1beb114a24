import Adapters
import CEBMessages
import Foundation
import Outbox

/// Cancellations (CEB623) and returns (CEB625) checked against the inventory they name, where
/// only the outbox knows it: customs refuses one for an inventory it never released, or a return
/// of more than was declared.
struct AfterSaleCheck {
    let store: SQLOutbox
    let log: IssueLog

    func check(_ document: ConvertedDocument) throws {
        let invtNo: String
        var returned: [(gnum: Int, quantity: Decimal)] = []
        switch document.body {
        case .cancellation(let cancel): invtNo = cancel.invtNo
        case .refund(let refund):
            invtNo = refund.head.invtNo
            returned = refund.lines.map { ($0.gnum, $0.qty) }
        default: return
        }
        let what = document.messageType == .ceb623 ? "a cancellation" : "a return"
        let path = Submission.recordPath(document.record, "invtNo")
        guard let inventory = try store.inventory(invtNo: invtNo) else {
            log.report(
                "aftersale.inventory-known", record: document.record, path: path,
                "inventory \(invtNo) is not in this outbox: swgate takes \(what) only for an inventory it declared and customs numbered (check the number, or switch the rule off for inventories declared elsewhere)"
            )
            return
        }
        if inventory.summary.customsStatus != CustomsStatus.released {
            log.report(
                "aftersale.inventory-released", record: document.record, path: path,
                "inventory \(invtNo) (order \(inventory.summary.orderNo)) is \(inventory.summary.customsStatus.map { "at customs status \($0)" } ?? "without a customs status"), not released (800): customs refuses \(what) before release"
            )
        }
        guard !returned.isEmpty, case .ceb621(let message)? = try? AnyCEBMessage.parse(inventory.payload),
            let declared = message.inventories.first?.lines
        else { return }
        for (index, line) in returned.enumerated() {
            guard let original = declared.first(where: { $0.gnum == line.gnum }) else {
                log.report(
                    "aftersale.return-quantity", record: document.record,
                    path: Submission.recordPath(document.record, "items[\(index)].gnum"), "inventory \(invtNo) has no line \(line.gnum)")
                continue
            }
            if line.quantity > original.qty {
                log.report(
                    "aftersale.return-quantity", record: document.record,
                    path: Submission.recordPath(document.record, "items[\(index)].quantity"),
                    "returns \(Money.text(line.quantity)) of line \(line.gnum), but inventory \(invtNo) declared \(Money.text(original.qty)) (-625012)"
                )
            }
        }
    }
}
