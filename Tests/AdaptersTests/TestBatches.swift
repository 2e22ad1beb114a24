import Adapters
import Foundation
import SwgateTestSupport

/// Builds batches for the adapter tests: a known-good parcel, mutated one fault at a time.
enum TestBatches {
    static func profile() throws -> EnterpriseProfile {
        try EnterpriseProfile.load(contentsOf: Fixtures.checkout.appendingPathComponent("examples/swgate.json"))
    }

    /// A parcel that passes every rule (bonded, two lines, discount and freight).
    static func goodParcel(_ index: Int = 1) -> [String: Any] {
        let orderNo = "T\(String(format: "%06d", index))"
        let buyer: [String: Any] = ["account": "u\(index)", "name": "李娜", "idNumber": "11010519491231002X", "phone": "13912345678"]
        let consignee: [String: Any] = ["name": "李娜", "phone": "13912345678", "address": "浙江省杭州市西湖区文三路100号", "district": "330106"]
        return [
            "order": [
                "orderNo": orderNo, "buyer": buyer, "consignee": consignee,
                "items": [
                    [
                        "sku": "AU-MILK-900", "name": "婴儿配方奶粉", "spec": "900克/罐", "unit": "罐", "quantity": "2", "price": "239",
                        "origin": "AU",
                    ],
                    [
                        "sku": "US-VC-60", "name": "维生素C咀嚼片", "spec": "60片/瓶", "unit": "142", "quantity": "1", "price": "129.5",
                        "total": "129.5", "origin": "502",
                    ],
                ],
                "freight": "10", "discount": "20", "tax": "56.19", "paid": "653.69", "currency": "CNY",
                "payment": ["provider": "futong", "transactionId": "P\(orderNo)"],
            ] as [String: Any],
            "payment": [
                "provider": "futong", "transactionId": "P\(orderNo)",
                "payer": ["name": "李娜", "idNumber": "11010519491231002X", "phone": "13912345678"],
                "amount": "653.69", "currency": "CNY", "paidAt": "2026-11-25T10:15:00+08:00",
            ] as [String: Any],
            "waybill": ["carrier": "suda", "waybillNo": "SD\(String(format: "%010d", index))", "weight": "2.9"] as [String: Any],
            "inventory": [
                "tradeMode": "1210", "netWeight": "1.92",
                "items": [
                    ["gnum": 1, "itemRecordNo": "1001", "hsCode": "1901101000", "legalQuantity": "1.8", "legalUnit": "035"],
                    ["gnum": 2, "itemRecordNo": "1002", "hsCode": "2106909090", "legalQuantity": "0.12", "legalUnit": "035"],
                ],
            ] as [String: Any],
        ]
    }

    static func data(parcels: [[String: Any]], extra: [String: Any] = [:]) throws -> Data {
        var root: [String: Any] = ["parcels": parcels]
        for (key, value) in extra { root[key] = value }
        return try JSONSerialization.data(withJSONObject: root, options: [.sortedKeys])
    }

    /// Writes `data` to a temporary batch file and converts it, returning the findings and documents.
    static func run(_ data: Data, profile: EnterpriseProfile? = nil, ext: String = "json") throws -> (
        issues: [PreflightIssue], documents: [ConvertedDocument]
    ) {
        let folder = try Fixtures.temporaryDirectory("swgate-adapter")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let url = folder.appendingPathComponent("batch.\(ext)")
        try data.write(to: url)
        let profile = try profile ?? self.profile()
        let log = IssueLog(file: "batch.\(ext)", rules: profile.rules)
        var documents: [ConvertedDocument] = []
        try BatchConverter(profile: profile, now: Date(timeIntervalSince1970: 1_795_631_405)).convert(url, log: log) {
            documents.append($0)
        }
        return (log.issues, documents)
    }
}

/// Deep-set a value in nested dictionaries/arrays by a path like ["order", "items", 0, "price"].
func setting(_ root: [String: Any], _ path: [Any], to value: Any?) -> [String: Any] {
    func apply(_ node: Any, _ path: ArraySlice<Any>) -> Any? {
        guard let head = path.first else { return value }
        if let key = head as? String, var dict = node as? [String: Any] {
            let child = dict[key] ?? [String: Any]()
            dict[key] = apply(child, path.dropFirst())
            return dict
        }
        if let index = head as? Int, var array = node as? [Any] {
            if let newValue = apply(array[index], path.dropFirst()) { array[index] = newValue } else { array.remove(at: index) }
            return array
        }
        return node
    }
    return (apply(root, path[...]) as? [String: Any]) ?? root
}
