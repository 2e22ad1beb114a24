import Adapters
import ArgumentParser
import CEBMessages
import Foundation
import Gateway

/// What reconciling needs besides the outbox: the tolerance, how long a released inventory may
/// wait for its bill, and the profile's tariff for the per-line estimate.
struct TaxOptions: ParsableArguments {
    @Option(help: "A difference of at least this many CNY is a mismatch.") var tolerance = "0.01"

    @Option(help: "Hours a released inventory may wait for its bill before it is listed as missing one.") var billWithin = 72.0

    @OptionGroup var profile: ProfileOptions

    func reconciliation() throws -> TaxReconciliation {
        guard let value = Decimal(string: tolerance), value >= 0 else {
            throw ValidationError("--tolerance must be an amount such as 0.01, not '\(tolerance)'")
        }
        // The tariff is optional: without a readable profile, lines are not estimated.
        let tariff = (try? EnterpriseProfile.load(contentsOf: URL(fileURLWithPath: profile.path)))?.tariff ?? [:]
        return TaxReconciliation(
            tolerance: value, tariff: tariff.mapValues { CrossBorderTax.Rates(vat: $0.vat, consumption: $0.consumption) })
    }
}
