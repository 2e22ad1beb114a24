public import Adapters
import Foundation

/// The tax ledger's thresholds for a command or listener without options for them: the
/// profile's `tax` section when there is a readable profile, else ``TaxSettings``' defaults.
public enum TaxLedgerDefaults {
    public static func settings(profileAt path: String?) -> TaxSettings {
        guard let path, let profile = try? EnterpriseProfile.load(contentsOf: URL(fileURLWithPath: path)) else { return TaxSettings() }
        return profile.tax
    }
}
