public import Foundation

/// Everything swgate must know about the enterprises behind a batch: who the platform, the
/// e-commerce company, the payment companies, carriers and declaring agent are in customs' eyes,
/// where goods are declared, and which defaults and rules apply. One JSON file (`swgate.json`).
public struct EnterpriseProfile: Sendable {
    public var platform: Enterprise
    public var ecommerce: Enterprise
    public var paymentCompanies: [String: Enterprise]
    public var carriers: [String: Enterprise]
    public var agent: Enterprise
    /// The guarantor of tax payment (`assureCode`).
    public var guarantor: String
    public var customsOffice: String
    public var port: String
    public var emsNo: String?
    public var area: Enterprise?
    public var accountBook: [String: AccountBookItem]?
    /// The transmitting enterprise (`BaseTransfer`).
    public var transfer: Enterprise
    public var dxpId: String
    public var receiverId: String
    public var defaultTradeMode: String
    public var defaultTransportMode: String
    public var defaultWrapType: String?
    public var appStatus: String
    public var rules: RuleSettings
    public var tariff: [String: TariffRate]
    public var singleTransactionLimit: Decimal
    public var annualLimit: Decimal
    /// The software signing key, when the enterprise signs in-process.
    public var signing: SigningSettings?
    /// Where the profile came from, for messages.
    public var source: String
    /// Where messages go, when the profile says (`--endpoint` overrides it).
    public var endpoint: EndpointSettings? = nil
    /// Where final customs statuses are POSTed (`swgate run`; `--on-status-url` overrides).
    public var statusWebhook: String? = nil
    /// The outbox the commands that read this profile use when neither `--outbox` nor
    /// `$SWGATE_OUTBOX` names one: a folder, or a `postgres://` URL for the shared outbox.
    public var outbox: String? = nil
    /// How the tax ledger is reconciled (`tax`: tolerance, billWithinHours).
    public var tax = TaxSettings()
    /// How customs' real-time fetch of payment raw data is answered (announcement 179).
    public var platformData = PlatformDataSettings()
    /// The folder exchange with the E-Port client, when the profile's `transport` says so
    /// (`{"kind": "folder", "send": DIR, "receive": DIR, "format": "message|dxp"}`); nil: HTTP.
    public var folderTransport: FolderTransportSettings? = nil

    /// Reads and checks a profile; every problem is reported with its JSON path.
    public static func load(contentsOf url: URL) throws(ProfileError) -> EnterpriseProfile {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ProfileError(
                file: url.path,
                problems: [
                    "cannot read the profile: \(FileManager.default.fileExists(atPath: url.path) ? "it is not readable" : "it does not exist")"
                ])
        }
        return try parse(data, source: url.path, baseDirectory: url.deletingLastPathComponent())
    }

    public static func parse(_ data: Data, source: String, baseDirectory: URL? = nil) throws(ProfileError) -> EnterpriseProfile {
        let json: JSONValue
        do {
            json = try JSONValue.parse(data)
        } catch let error as JSONSyntaxError {
            throw ProfileError(file: source, problems: ["not valid JSON: \(error.localizedDescription)"])
        } catch {
            throw ProfileError(file: source, problems: ["not valid JSON"])
        }
        let log = IssueLog(file: source)
        let root = FieldCursor(value: json, path: "$", record: "profile", log: log).tracked()
        guard root.expectObject() else { throw ProfileError(file: source, problems: log.issues.map(\.profileLine)) }
        let profile = ProfileReader(root: root, baseDirectory: baseDirectory).read()
        root.reportUnknownKeys(rule: "record.unknown-key")
        if log.hasErrors || profile == nil {
            throw ProfileError(file: source, problems: log.issues.map(\.profileLine))
        }
        guard var result = profile else { throw ProfileError(file: source, problems: ["the profile is incomplete"]) }
        result.source = source
        return result
    }
}

/// A profile that cannot be used, with every problem found.
/// Where the signing key and certificate are, and how to sign.
public struct SigningSettings: Sendable, Hashable {
    /// A PEM private key, for signing in-process; nil when an external command holds the key.
    public var keyFile: URL?
    public var certificateFile: URL
    /// `rsa-sha1`, `rsa-sha256` or `sm2-sm3`; by default the key's natural algorithm.
    public var algorithm: String?
    /// The certificate number for `KeyName`; by default the certificate's serial number.
    public var keyName: String?
    /// An external signer: the program and its arguments (see `CommandSigner`).
    public var command: [String]?
    /// A signing server's URL (see `HTTPSigner`); its token comes from `$SWGATE_SIGNER_TOKEN`.
    public var url: String?
    /// Seconds the external signer may take before the attempt counts as a transient failure.
    public var timeout: Double

    public init(
        keyFile: URL?, certificateFile: URL, algorithm: String? = nil, keyName: String? = nil, command: [String]? = nil, url: String? = nil,
        timeout: Double = 10
    ) {
        self.keyFile = keyFile
        self.certificateFile = certificateFile
        self.algorithm = algorithm
        self.keyName = keyName
        self.command = command
        self.url = url
        self.timeout = timeout
    }
}

public struct ProfileError: Error, Sendable, LocalizedError {
    public var file: String
    public var problems: [String]

    public var errorDescription: String? {
        "the profile \(file) has \(problems.count) problem\(problems.count == 1 ? "" : "s"):\n"
            + problems.map { "  \($0)" }.joined(separator: "\n")
    }
}

extension PreflightIssue {
    var profileLine: String { "\(path): \(message)" }
}

/// The single-window endpoint of an enterprise: its URL and how messages are put on the wire.
public struct EndpointSettings: Sendable, Hashable {
    public var url: String
    /// `dxp` (the message Base64 in a DxpMsg envelope) or `raw` (the CEB XML itself).
    public var wire: String
    /// Extra HTTP headers on every request (an API gateway's key, a tenant id…).
    public var headers: [String: String]

    public init(url: String, wire: String = "dxp", headers: [String: String] = [:]) {
        self.url = url
        self.wire = wire
        self.headers = headers
    }

    /// Why `name: value` cannot be sent as a header, or nil when it can: names are HTTP tokens,
    /// values hold no line breaks (which would smuggle in headers of their own).
    public static func headerProblem(name: String, value: String) -> String? {
        let token = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        if name.isEmpty || !name.allSatisfy(token.contains) { return "'\(name)' is not a valid header name" }
        // By scalar: "\r\n" is a single Character, equal to neither "\r" nor "\n".
        if value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
            return "the value of \(name) holds a line break"
        }
        if ["host", "content-length", "content-type", "authorization", "transfer-encoding"].contains(name.lowercased()) {
            return "\(name) is set by swgate itself (use --token for Authorization)"
        }
        return nil
    }
}
