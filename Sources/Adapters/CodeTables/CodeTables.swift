import CEBMessages

/// Customs code tables: currency, country (region), unit of measure, transport mode, packing type.
///
/// Platforms think in ISO codes and Chinese names; customs wants its own numeric codes. Every
/// lookup accepts the customs code itself and the forms a platform naturally has (ISO 4217 for
/// currencies, ISO 3166 alpha-2 for countries, the Chinese unit name), and answers `nil` for
/// anything unknown so that the caller reports it instead of guessing.
public enum CodeTables {
    /// The customs currency code (`142` for CNY) of a customs code or ISO 4217 code.
    public static func currency(_ input: String) -> String? {
        let key = input.trimmedWhitespace.uppercased()
        return currencyIndex[key]
    }

    /// The customs country (region) code of a customs code, ISO alpha-2 code or Chinese name.
    public static func country(_ input: String) -> String? {
        let key = input.trimmedWhitespace
        return countryIndex[key] ?? countryIndex[key.uppercased()]
    }

    /// The customs unit code of a unit code (`122`) or its Chinese name (`罐`).
    public static func unit(_ input: String) -> String? {
        unitIndex[input.trimmedWhitespace]
    }

    /// The transport mode code (`Y` bonded port area, `5` air, …).
    public static func transportMode(_ input: String) -> String? {
        let key = input.trimmedWhitespace.uppercased()
        return transportModeRows.contains { $0.code == key } ? key : transportModeRows.first { $0.chinese == input.trimmedWhitespace }?.code
    }

    /// The one-digit packing type code (`2` carton, …).
    public static func wrapType(_ input: String) -> String? {
        let key = input.trimmedWhitespace
        return wrapTypeRows.contains { $0.code == key } ? key : wrapTypeRows.first { $0.chinese == key }?.code
    }

    /// The English name of a customs country code, for messages.
    public static func countryName(_ code: String) -> String? {
        countryRows.first { $0.code == code }?.english
    }

    static let currencyIndex: [String: String] = {
        var index: [String: String] = [:]
        for row in currencyRows {
            index[row.code] = row.code
            if !row.iso.isEmpty { index[row.iso] = row.code }
        }
        return index
    }()

    static let countryIndex: [String: String] = {
        var index: [String: String] = [:]
        for row in countryRows {
            index[row.code] = row.code
            if !row.iso2.isEmpty, index[row.iso2] == nil { index[row.iso2] = row.code }
            if index[row.chinese] == nil { index[row.chinese] = row.code }
        }
        return index
    }()

    static let unitIndex: [String: String] = {
        var index: [String: String] = [:]
        for row in unitRows {
            index[row.code] = row.code
            if index[row.chinese] == nil { index[row.chinese] = row.code }
        }
        return index
    }()
}
