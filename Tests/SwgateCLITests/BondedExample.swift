import Foundation
import SwgateTestSupport
import Testing

/// The example profile and bonded batch, as the command-line tests use them.
protocol BondedExample {}

extension BondedExample {
    var profile: String { Fixtures.checkout.appendingPathComponent("examples/swgate.json").path }
    var bonded: String { Fixtures.checkout.appendingPathComponent("examples/bonded-batch.json").path }

    /// `swgate submit` of the bonded example into `folder/outbox`; returns the outbox path.
    func submitted(_ folder: URL) throws -> String {
        let outbox = folder.appendingPathComponent("outbox").path
        let result = try SwgateProcess.run(["submit", bonded, "--config", profile, "--outbox", outbox])
        try #require(result.status == 0, "\(result.stderr)")
        return outbox
    }
}
