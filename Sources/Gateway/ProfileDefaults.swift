public import Adapters
import Foundation

/// Thresholds for a command or listener without options for them (`status`, `/metrics`): the
/// profile's sections when there is a readable profile, else their defaults.
public enum ProfileDefaults {
    /// The tax ledger's (`tax`).
    public static func tax(profileAt path: String?) -> TaxSettings {
        profile(at: path)?.tax ?? TaxSettings()
    }

    /// Announcement 179's (`platformData`).
    public static func platformData(profileAt path: String?) -> PlatformDataSettings {
        profile(at: path)?.platformData ?? PlatformDataSettings()
    }

    /// The folder transport's (`transport`, when it is a folder), nil for HTTP.
    public static func folderTransport(profileAt path: String?) -> FolderTransportSettings? {
        profile(at: path)?.folderTransport
    }

    private static func profile(at path: String?) -> EnterpriseProfile? {
        guard let path else { return nil }
        return try? EnterpriseProfile.load(contentsOf: URL(fileURLWithPath: path))
    }
}
