import Adapters
import ArgumentParser
import CEBMessages
import Foundation
import Gateway

/// What reconciling needs besides the outbox: the tolerance, how long a released inventory may
/// wait for its bill, and the profile's tariff for the per-line estimate.
struct TaxOptions: ParsableArguments {
    @Option(help: "A difference of at least this many CNY is a mismatch (default: the profile's tax.tolerance, else 0.01).")
    var tolerance: String?

    @Option(help: "Hours a released inventory may wait for its bill (default: the profile's tax.billWithinHours, else 72).")
    var billWithin: Double?

    @OptionGroup var profile: ProfileOptions

    /// The profile, when it can be read: the tariff and the thresholds are optional.
    var loaded: EnterpriseProfile? { try? EnterpriseProfile.load(contentsOf: URL(fileURLWithPath: profile.path)) }

    func reconciliation() throws -> TaxReconciliation {
        let loaded = self.loaded
        var value = (loaded?.tax ?? TaxSettings()).tolerance
        if let tolerance {
            guard let given = Decimal(string: tolerance), given >= 0 else {
                throw ValidationError("--tolerance must be an amount such as 0.01, not '\(tolerance)'")
            }
            value = given
        }
        return TaxReconciliation(
            tolerance: value, tariff: (loaded?.tariff ?? [:]).mapValues { CrossBorderTax.Rates(vat: $0.vat, consumption: $0.consumption) })
    }

    /// Seconds a released inventory may wait for its bill.
    var billWithinSeconds: TimeInterval { billWithin.map { $0 * 3600 } ?? (loaded?.tax ?? TaxSettings()).billWithin }
}
