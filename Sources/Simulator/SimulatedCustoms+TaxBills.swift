import CEBMessages
import Foundation

/// Tax bills, as customs issues them after release: the bill (CEB816) a stage after the
/// release, computed by the cross-border rule from the inventory; its summary into a payment
/// notice (CEB818 status 2) a stage later; and its voiding (status 3) once a cancellation or
/// return is accepted.
extension SimulatedCustoms {
    func issueTaxBill(_ inventory: Inventory, invtNo: String, releasedAt: Date) {
        let head = inventory.head
        let lines = inventory.lines.map { line in
            CrossBorderTax.Line(
                gnum: line.gnum, gcode: line.gcode, price: line.totalPrice, rates: configuration.taxRates[line.gcode] ?? .standard)
        }
        var taxes = CrossBorderTax.bill(lines, freight: head.freight, insurance: head.insuredFee)
        // The fault: customs billing more than the rule says (a rate the platform did not know).
        if roll(configuration.taxMisbillRate), !taxes.isEmpty { taxes[0].valueAddedTax += 10 }
        let billedAt = releasedAt.addingTimeInterval(configuration.stageDelay)
        let taxNo = "TX" + invtNo
        taxBills[invtNo] = (taxNo: taxNo, assureCode: head.assureCode)
        let sum = { (amount: (CrossBorderTax.LineTax) -> Decimal) in taxes.reduce(Decimal(0)) { $0 + amount($1) } }
        let bill = TaxBill(
            head: TaxHeadRd(
                guid: CEBGuid.make(), returnTime: CEBTime.returnTime(billedAt), invtNo: invtNo, taxNo: taxNo, customsTax: sum(\.customsTax),
                valueAddedTax: sum(\.valueAddedTax), consumptionTax: sum(\.consumptionTax), status: "1", assureCode: head.assureCode,
                ebcCode: head.ebcCode, logisticsCode: head.logisticsCode, agentCode: head.agentCode, customsCode: head.customsCode),
            lines: taxes.map {
                TaxListRd(
                    gnum: $0.gnum, gcode: $0.gcode, taxPrice: $0.taxPrice, customsTax: $0.customsTax, valueAddedTax: $0.valueAddedTax,
                    consumptionTax: $0.consumptionTax)
            })
        schedule(CEB816Message(taxBills: [bill]), at: billedAt)
        let summarisedAt = billedAt.addingTimeInterval(configuration.stageDelay)
        // One payment notice per guarantor and day, as customs summarises them.
        let notice = "ED" + CEBTime.date(summarisedAt) + String(head.assureCode.suffix(8))
        schedule(taxStatus(invtNo: invtNo, status: "2", notice: notice, at: summarisedAt), at: summarisedAt)
    }

    /// A cancellation or return was accepted: the bill, if one was issued, becomes void.
    func voidTaxBill(invtNo: String, at time: Date) {
        guard taxBills[invtNo] != nil else { return }
        schedule(taxStatus(invtNo: invtNo, status: "3", notice: nil, at: time), at: time)
    }

    private func taxStatus(invtNo: String, status: String, notice: String?, at time: Date) -> CEB818Message {
        let bill = taxBills[invtNo]
        return CEB818Message(taxStatuses: [
            TaxHeadStatus(
                guid: CEBGuid.make(), returnTime: CEBTime.returnTime(time), invtNo: invtNo, taxNo: bill?.taxNo ?? "TX" + invtNo,
                status: status,
                entDutyNo: notice, assureCode: bill?.assureCode)
        ])
    }
}
