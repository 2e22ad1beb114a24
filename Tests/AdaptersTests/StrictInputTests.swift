@testable import Adapters
import Foundation
import SwgateTestSupport
import Testing

/// A misspelled key is an error naming the key, its JSON path and the key it most likely meant,
/// in the profile and in every record; nothing unknown is ignored in silence.
@Suite("Strict input: unknown keys")
struct StrictInputTests {
    static let profileURL = Fixtures.checkout.appendingPathComponent("examples/swgate.json")

    static func profile(_ change: (inout [String: Any]) -> Void) throws -> Result<EnterpriseProfile, any Error> {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: profileURL)) as? [String: Any])
        change(&object)
        let url = Fixtures.checkout.appendingPathComponent("examples/.strict-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: object).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return Result { try EnterpriseProfile.load(contentsOf: url) }
    }

    @Test(
        "misspelled profile keys at any level are errors with the path and a suggestion",
        arguments: [
            ("endpont", "$.endpont", "did you mean 'endpoint'"),
            ("statusWebhok", "$.statusWebhok", "did you mean 'statusWebhook'"),
            ("customs.ofice", "$.customs.ofice", "did you mean 'office'"),
            ("signing.keyname", "$.signing.keyname", "did you mean 'keyName'"),
            ("limits.anual", "$.limits.anual", "did you mean 'annual'"),
        ]
    )
    func profileKeys(key: String, path: String, hint: String) throws {
        let result = try Self.profile { object in
            let parts = key.split(separator: ".").map(String.init)
            if parts.count == 1 {
                object[parts[0]] = "x"
            } else if var inner = object[parts[0]] as? [String: Any] {
                inner[parts[1]] = "x"
                object[parts[0]] = inner
            }
        }
        guard case .failure(let error as ProfileError) = result else {
            Issue.record("\(key) was accepted")
            return
        }
        #expect(error.problems.contains { $0.hasPrefix(path) && $0.contains(hint) }, "\(error.problems)")
    }

    @Test("maps keyed by the user's own names (payment companies, rules, tariff, headers) take any key")
    func userKeys() throws {
        let result = try Self.profile { object in
            var payers = object["paymentCompanies"] as? [String: Any] ?? [:]
            payers["my-new-payer"] = ["code": "3301960ABC", "name": "某支付公司"]
            object["paymentCompanies"] = payers
            object["endpoint"] = ["url": "https://customs.example/dxp", "headers": ["X-Tenant": "7"]]
        }
        if case .failure(let error) = result { Issue.record("\(error)") }
    }

    @Test(
        "a misspelled record key is named, with the key it meant, and not mistaken for a missing one",
        arguments: [("order", "freigth", "freight"), ("payment", "amout", "amount"), ("waybill", "wieght", "weight")])
    func recordKeys(document: String, typo: String, meant: String) throws {
        let profile = try EnterpriseProfile.load(contentsOf: Self.profileURL)
        var batch = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.checkout.appendingPathComponent("examples/bonded-batch.json")))
                as? [String: Any])
        var parcels = try #require(batch["parcels"] as? [[String: Any]])
        var inner = try #require(parcels[0][document] as? [String: Any])
        inner[typo] = inner.removeValue(forKey: meant)
        parcels[0][document] = inner
        batch["parcels"] = parcels
        let data = try JSONSerialization.data(withJSONObject: batch)
        let log = IssueLog(file: "batch.json", rules: profile.rules)
        try BatchReader(data: data, layout: .json, log: log).forEach { _ in }
        let unknown = log.issues.filter { $0.rule == "record.unknown-key" }
        #expect(unknown.count == 1, "\(log.issues.map(\.message))")
        #expect(unknown.first?.path == "parcels[0].\(document).\(typo)")
        #expect(unknown.first?.message.contains("did you mean '\(meant)'") == true)
    }

    @Test(
        "edit distance counts a swap of neighbours as one edit",
        arguments: [("freigth", "freight", 1), ("endpont", "endpoint", 1), ("abc", "xyz", 3), ("", "ab", 2)])
    func distance(lhs: String, rhs: String, expected: Int) {
        #expect(KeyTracker.editDistance(lhs, rhs) == expected)
    }
}

@Suite("Enterprise codes")
struct EnterpriseCodeTests {
    @Test(
        "a 10-character customs code or an 18-character credit code with its GB 32100 check character",
        arguments: [
            ("3301960XYZ", true), ("91350100M000100Y43", true), ("91440300708461136T", true),
            ("330196XYZ", false), ("3301960XYZ1", false), ("3301960 xyz", false), ("ABCD960XYZ", false),
            ("91350100M000100Y44", false), ("91350100M00010OY43", false),
        ]
    )
    func codes(code: String, valid: Bool) {
        #expect((EnterpriseCode.problem(code) == nil) == valid, "\(code): \(EnterpriseCode.problem(code) ?? "valid")")
    }

    @Test("a profile with a 9-character platform code is refused, naming the path")
    func profile() throws {
        let result = try StrictInputTests.profile { object in object["platform"] = ["code": "330196XYZ", "name": "x"] }
        guard case .failure(let error as ProfileError) = result else {
            Issue.record("accepted")
            return
        }
        #expect(error.problems.contains { $0.hasPrefix("$.platform.code") && $0.contains("10-character") }, "\(error.problems)")
    }
}
