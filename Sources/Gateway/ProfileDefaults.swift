public import Adapters
import Foundation

/// Thresholds for a command or listener without options for them (`status`): the profile's
/// sections when there is a readable profile, else their defaults.
public enum ProfileDefaults {
    /// The tax ledger's (`tax`).
    public static func tax(profileAt path: String?) -> TaxSettings {
        profile(at: path)?.tax ?? TaxSettings()
    }

    /// The profile at `path` when it can be read, else nil (the caller uses the defaults).
    public static func profile(at path: String?) -> EnterpriseProfile? {
        guard let path else { return nil }
        return try? EnterpriseProfile.load(contentsOf: URL(fileURLWithPath: path))
    }
}
