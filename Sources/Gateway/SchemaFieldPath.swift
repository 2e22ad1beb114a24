import Foundation
import CEBMessages

/// Where in the platform's record a schema error of a built message comes from: the user never
/// sees the XML, so `CEB511Message line 18` alone says nothing. The element libxml2 names
/// (`Element 'ceb:consignee': …`) is mapped back to the record's field.
enum SchemaFieldPath {
    /// (message type, element) → the field of the parcel record it is built from.
    static let fields: [CEBMessageType: [String: String]] = [
        .ceb311: [
            "orderNo": "order.orderNo", "goodsValue": "order.goodsValue", "freight": "order.freight", "discount": "order.discount",
            "taxTotal": "order.tax",
            "acturalPaid": "order.paid", "buyerRegNo": "order.buyer.account", "buyerName": "order.buyer.name",
            "buyerTelephone": "order.buyer.phone",
            "buyerIdNumber": "order.buyer.idNumber", "consignee": "order.consignee.name", "consigneeTelephone": "order.consignee.phone",
            "consigneeAddress": "order.consignee.address", "consigneeDistrict": "order.consignee.district",
            "itemName": "order.items[].name",
            "gmodel": "order.items[].spec", "itemNo": "order.items[].sku", "qty": "order.items[].quantity", "price": "order.items[].price",
            "country": "order.items[].origin",
        ],
        .ceb411: [
            "payTransactionId": "payment.transactionId", "payerName": "payment.payer.name", "payerIdNumber": "payment.payer.idNumber",
            "telephone": "payment.payer.phone", "amountPaid": "payment.amount", "payTime": "payment.paidAt",
        ],
        .ceb511: [
            "logisticsNo": "waybill.waybillNo", "weight": "waybill.weight", "freight": "waybill.freight",
            "insuredFee": "waybill.insuredFee",
            "consignee": "order.consignee.name (or waybill.consignee.name)",
            "consigneeAddress": "order.consignee.address (or waybill.consignee.address)",
            "consigneeTelephone": "order.consignee.phone (or waybill.consignee.phone)", "goodsInfo": "order.items[].name",
        ],
        .ceb621: [
            "copNo": "inventory.copNo", "grossWeight": "inventory.grossWeight", "netWeight": "inventory.netWeight",
            "emsNo": "inventory.emsNo",
            "gcode": "inventory.items[].hsCode", "itemRecordNo": "inventory.items[].itemRecordNo",
            "qty1": "inventory.items[].legalQuantity",
            "unit1": "inventory.items[].legalUnit", "qty2": "inventory.items[].secondQuantity", "unit2": "inventory.items[].secondUnit",
        ],
    ]

    /// The JSON path prefix of a record named by its label: `parcels[3] (order …)` → `parcels[3]`;
    /// a JSON Lines record, or several records packed together, have none.
    static func prefix(ofRecords labels: [String]) -> String {
        guard labels.count == 1, let label = labels.first, label.hasPrefix("parcels["), let close = label.firstIndex(of: "]") else {
            return ""
        }
        return String(label[...close])
    }

    /// The record path a schema message points at, with the message and line kept for reference.
    static func path(record recordPath: String, type: CEBMessageType, line: Int, message: String) -> String {
        let location = "\(type.rawValue) line \(line)"
        guard let start = message.range(of: "Element '"), let end = message[start.upperBound...].firstIndex(of: "'") else {
            return location
        }
        var element = String(message[start.upperBound..<end])
        if let colon = element.lastIndex(of: ":") { element = String(element[element.index(after: colon)...]) }
        guard let field = fields[type]?[element] else { return "\(location) (element \(element))" }
        let full = recordPath.isEmpty ? field : "\(recordPath).\(field)"
        return "\(full) (\(location), element \(element))"
    }
}
