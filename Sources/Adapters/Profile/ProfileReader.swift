import Foundation

/// Reads an ``EnterpriseProfile`` from its JSON, reporting every problem with its path.
struct ProfileReader {
    let root: FieldCursor
    let baseDirectory: URL?

    func read() -> EnterpriseProfile? {
        let platform = root.object("platform").flatMap(Enterprise.read)
        let ecommerce = root.object("ecommerce", required: false).flatMap(Enterprise.read) ?? platform
        let payers = enterprises("paymentCompanies")
        let carriers = enterprises("carriers")
        let agent = root.object("agent").flatMap(Enterprise.read)
        let guarantor = root.string("guarantor", maxLength: 30)
        var office: String?
        var port: String?
        if let customs = root.object("customs") {
            office = fourCharacterCode(customs, "office")
            port = fourCharacterCode(customs, "port")
        }
        var emsNo: String?
        var area: Enterprise?
        var book: [String: AccountBookItem]?
        if let bonded = root.object("bonded", required: false) {
            emsNo = bonded.string("emsNo", required: false, maxLength: 30)
            area = bonded.object("area", required: false).flatMap(Enterprise.read)
            book = accountBook(bonded)
        }
        var transfer: Enterprise?
        var dxpId: String?
        var receiver = "DXPEDCCEB0000002"
        if let transferCursor = root.object("transfer") {
            let copCode = transferCursor.string("copCode", maxLength: 18)
            let copName = transferCursor.string("copName", maxLength: 100)
            dxpId = transferCursor.string("dxpId", maxLength: 30)
            receiver = transferCursor.string("receiverId", required: false, maxLength: 16) ?? receiver
            if let copCode, let copName { transfer = Enterprise(code: copCode, name: copName) }
        }
        var tradeMode = "1210"
        var transportMode = "4"
        var wrapType: String?
        var appStatus = "2"
        if let defaults = root.object("defaults", required: false) {
            if let mode = defaults.string("tradeMode", required: false) {
                if mode == "1210" || mode == "9610" {
                    tradeMode = mode
                } else {
                    defaults.child("tradeMode").invalid("must be 1210 or 9610")
                }
            }
            transportMode =
                defaults.code("transportMode", required: false, table: "transport-mode", lookup: CodeTables.transportMode) ?? transportMode
            wrapType = defaults.code("wrapType", required: false, table: "wrap-type", lookup: CodeTables.wrapType)
            if let status = defaults.string("appStatus", required: false) {
                if status == "1" || status == "2" {
                    appStatus = status
                } else {
                    defaults.child("appStatus").invalid("must be 1 (draft) or 2 (declare)")
                }
            }
        }
        let rules = ruleSettings()
        let tariff = tariffTable()
        var single = Decimal(5000)
        var annual = Decimal(26000)
        if let limits = root.object("limits", required: false) {
            single = limits.decimal("singleTransaction", required: false) ?? single
            annual = limits.decimal("annual", required: false) ?? annual
        }
        var tax = TaxSettings()
        if let section = root.object("tax", required: false) {
            tax.tolerance = section.decimal("tolerance", required: false) ?? tax.tolerance
            if let hours = section.decimal("billWithinHours", required: false) {
                tax.billWithin = NSDecimalNumber(decimal: hours).doubleValue * 3600
            }
        }
        let folderTransport = root.object("transport", required: false).flatMap {
            FolderTransportSettings.read($0, baseDirectory: baseDirectory)
        }
        let platformData = root.object("platformData", required: false).map(PlatformDataSettings.read) ?? PlatformDataSettings()
        var signing: SigningSettings?
        if let signingCursor = root.object("signing", required: false) {
            signing = Self.signing(signingCursor, baseDirectory: baseDirectory)
        }
        var endpoint: EndpointSettings?
        if let cursor = root.object("endpoint", required: false), let url = cursor.string("url") {
            let wire = cursor.string("wire", required: false) ?? "dxp"
            if !["dxp", "raw"].contains(wire) { cursor.child("wire").invalid("must be dxp or raw") }
            if URL(string: url)?.scheme?.hasPrefix("http") != true { cursor.child("url").invalid("must be an http(s) URL") }
            var headers: [String: String] = [:]
            if let headerCursor = cursor.object("headers", required: false), case .object(let members, let order)? = headerCursor.value {
                headerCursor.acceptAnyKey()
                for name in order {
                    guard case .string(let value)? = members[name] else {
                        headerCursor.child(name).invalid("a header value is a string")
                        continue
                    }
                    if let problem = EndpointSettings.headerProblem(name: name, value: value) {
                        headerCursor.child(name).invalid(problem)
                    } else {
                        headers[name] = value
                    }
                }
            }
            endpoint = EndpointSettings(url: url, wire: wire, headers: headers)
        }
        let statusWebhook = root.string("statusWebhook", required: false)
        let outbox = root.string("outbox", required: false)
        if let outbox, outbox.isEmpty { root.child("outbox").invalid("must be a folder or a postgres:// URL") }
        if let statusWebhook, URL(string: statusWebhook)?.scheme?.hasPrefix("http") != true {
            root.child("statusWebhook").invalid("must be an http(s) URL")
        }
        guard let platform, let ecommerce, let agent, let guarantor, let office, let port, let transfer, let dxpId else { return nil }
        var profile = EnterpriseProfile(
            platform: platform, ecommerce: ecommerce, paymentCompanies: payers, carriers: carriers, agent: agent, guarantor: guarantor,
            customsOffice: office, port: port, emsNo: emsNo, area: area, accountBook: book, transfer: transfer, dxpId: dxpId,
            receiverId: receiver, defaultTradeMode: tradeMode, defaultTransportMode: transportMode, defaultWrapType: wrapType,
            appStatus: appStatus, rules: rules, tariff: tariff, singleTransactionLimit: single, annualLimit: annual, signing: signing,
            source: ""
        )
        profile.endpoint = endpoint
        profile.statusWebhook = statusWebhook
        profile.outbox = outbox
        profile.tax = tax
        profile.platformData = platformData
        profile.folderTransport = folderTransport
        return profile
    }

    private func fourCharacterCode(_ cursor: FieldCursor, _ name: String) -> String? {
        guard let code = cursor.string(name) else { return nil }
        guard code.count == 4, code.allSatisfy(\.isNumber) else {
            cursor.child(name).invalid("'\(code)' is not a 4-digit customs office code")
            return nil
        }
        return code
    }

    private func enterprises(_ name: String) -> [String: Enterprise] {
        guard let cursor = root.object(name) else { return [:] }
        guard case .object(_, let order)? = cursor.value else { return [:] }
        var result: [String: Enterprise] = [:]
        for key in order {
            if let enterprise = cursor.object(key).flatMap(Enterprise.read) { result[key] = enterprise }
        }
        if order.isEmpty { cursor.invalid("name at least one, by a short name of your choice") }
        return result
    }

    private func accountBook(_ bonded: FieldCursor) -> [String: AccountBookItem]? {
        let field = bonded.child("accountBook")
        guard let value = field.value else { return nil }
        var entries: [FieldCursor]
        switch value {
        case .string(let path):
            let url = URL(fileURLWithPath: path, relativeTo: baseDirectory)
            guard let data = try? Data(contentsOf: url) else {
                field.invalid("cannot read the account book file \(url.path)")
                return nil
            }
            guard let json = try? JSONValue.parse(data) else {
                field.invalid("the account book file \(url.path) is not valid JSON")
                return nil
            }
            let fileRoot = FieldCursor(value: json, path: "\(field.path)→\(path)", record: "profile", log: field.log)
            entries = fileRoot.array("items") ?? []
        case .array:
            entries = bonded.array("accountBook") ?? []
        default:
            field.wrongType("a file name or an array of items")
            return nil
        }
        var book: [String: AccountBookItem] = [:]
        for entry in entries {
            guard entry.expectObject() else { continue }
            let ems = entry.string("emsNo")
            let record = entry.string("itemRecordNo")
            let hs = entry.string("hsCode")
            let name = entry.string("name")
            let unit = entry.code("legalUnit", table: "unit", lookup: CodeTables.unit)
            let second = entry.code("secondUnit", required: false, table: "unit", lookup: CodeTables.unit)
            if let ems, let record, let hs, let name, let unit {
                book["\(ems)|\(record)"] = AccountBookItem(
                    emsNo: ems, itemRecordNo: record, hsCode: hs, name: name, legalUnit: unit, secondUnit: second)
            }
        }
        return book
    }

    private func ruleSettings() -> RuleSettings {
        guard let cursor = root.object("rules", required: false), case .object(let members, let order)? = cursor.value else {
            return RuleSettings()
        }
        cursor.acceptAnyKey()
        var overrides: [String: RuleSettings.Setting] = [:]
        for key in order {
            guard case .string(let text)? = members[key], let setting = RuleSettings.Setting(rawValue: text) else {
                cursor.child(key).invalid("must be \"error\", \"warning\" or \"off\"")
                continue
            }
            if !PreflightRule.allIDs.contains(key) {
                cursor.child(key).invalid("'\(key)' is not a preflight rule id (see swgate check --rules)")
                continue
            }
            overrides[key] = setting
        }
        return RuleSettings(overrides: overrides)
    }

    private func tariffTable() -> [String: TariffRate] {
        guard let cursor = root.object("tariff", required: false), case .object(_, let order)? = cursor.value else { return [:] }
        var table: [String: TariffRate] = [:]
        for hs in order {
            guard let entry = cursor.object(hs) else { continue }
            let vat = entry.decimal("vat")
            let consumption = entry.decimal("consumption", required: false) ?? 0
            if let vat { table[hs] = TariffRate(vat: vat, consumption: consumption) }
        }
        return table
    }
}

extension ProfileReader {
    /// `signing`: a software key (`key`), an external command (`command`) or a signing server
    /// (`url`), with the certificate.
    static func signing(_ cursor: FieldCursor, baseDirectory: URL?) -> SigningSettings? {
        let key = cursor.string("key", required: false)
        let certificate = cursor.string("certificate")
        let algorithm = cursor.string("algorithm", required: false)
        if let algorithm, !["rsa-sha1", "rsa-sha256", "sm2-sm3"].contains(algorithm) {
            cursor.child("algorithm").invalid("must be rsa-sha1, rsa-sha256 or sm2-sm3")
        }
        let keyName = cursor.string("keyName", required: false)
        var command: [String]?
        if let items = cursor.array("command", required: false) {
            var words: [String] = []
            for item in items {
                guard case .string(let word)? = item.value, !word.isEmpty else {
                    item.wrongType("a non-empty string")
                    continue
                }
                words.append(word)
            }
            command = words
        }
        let server = cursor.string("url", required: false)
        if let server, !(server.hasPrefix("http://") || server.hasPrefix("https://")) || URL(string: server)?.host == nil {
            cursor.child("url").invalid("must be the signing server's http(s) URL")
        }
        var timeout = 10.0
        if let value = cursor.decimal("timeout", required: false) {
            timeout = NSDecimalNumber(decimal: value).doubleValue
            if timeout <= 0 { cursor.child("timeout").invalid("must be more than 0 seconds") }
        }
        switch [key != nil, command != nil, server != nil].filter({ $0 }).count {
        case 0:
            cursor.invalid("needs \"key\" (a PEM private key file), \"command\" (an external signer) or \"url\" (a signing server)")
        case 1:
            if key == nil, algorithm == nil { cursor.child("algorithm").invalid("is required with an external signer") }
        default:
            cursor.invalid("names more than one of \"key\", \"command\" and \"url\"; keep the one that holds the private key")
        }
        guard let certificate else { return nil }
        let certificateURL = URL(fileURLWithPath: certificate, relativeTo: baseDirectory).standardizedFileURL
        if !FileManager.default.fileExists(atPath: certificateURL.path) {
            cursor.child("certificate").invalid("\(certificateURL.path) does not exist")
        }
        var keyURL: URL?
        if let key {
            let url = URL(fileURLWithPath: key, relativeTo: baseDirectory).standardizedFileURL
            if !FileManager.default.fileExists(atPath: url.path) { cursor.child("key").invalid("\(url.path) does not exist") }
            keyURL = url
        }
        if var words = command, let first = words.first, !first.hasPrefix("/"), first.contains("/") {
            // A relative program path is relative to the profile, like every other file in it.
            words[0] = URL(fileURLWithPath: first, relativeTo: baseDirectory).standardizedFileURL.path
            command = words
        }
        return SigningSettings(
            keyFile: keyURL, certificateFile: certificateURL, algorithm: algorithm, keyName: keyName, command: command, url: server,
            timeout: timeout)
    }
}
