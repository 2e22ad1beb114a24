public import Adapters
public import Foundation

/// The tax ledger's thresholds for a command or listener: the profile's `tax` section when
/// there is a profile, else its defaults (one fen; three days for a bill).
public enum TaxLedgerDefaults {
    public static let tolerance = TaxSettings().tolerance
    public static let billWithin = TaxSettings().billWithin

    /// The profile at `path`'s settings, when it can be read; the defaults otherwise.
    public static func settings(profileAt path: String?) -> TaxSettings {
        guard let path, let profile = try? EnterpriseProfile.load(contentsOf: URL(fileURLWithPath: path)) else { return TaxSettings() }
        return profile.tax
    }
}
