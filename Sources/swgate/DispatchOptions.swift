import Adapters
import ArgumentParser
import Foundation
import Gateway
import HTTPClient
import Transport

/// Options shared by `swgate run` and `swgate send`.
struct DispatchOptions: ParsableArguments {
    @Option(
        help:
            "The endpoint: a base URL (messages to /dxp, receipts from /receipts) or the exact URL to POST to (default: $SWGATE_ENDPOINT, else the profile's endpoint.url)."
    )
    var endpoint: String?

    @Option(
        help:
            "How messages go on the wire: dxp (Base64 in a DxpMsg envelope) or raw (the CEB XML) (default: the profile's endpoint.wire, else dxp)."
    )
    var wire: String?

    @OptionGroup var folder: FolderOptions

    @Option(
        help: ArgumentHelp(
            "Also pull receipts by time cursor from this URL (GET URL?dxpid=…&qryid=yyyyMMddHHmmss; the cursor kept in the outbox).",
            valueName: "url"))
    var receiptsByTime: String?

    @Option(help: "CA bundle (PEM) to verify the endpoint's certificate with.")
    var caBundle: String?

    @Option(help: "Client certificate (PEM) for mutual TLS.")
    var clientCert: String?

    @Option(help: "Private key (PEM) of the client certificate.")
    var clientKey: String?

    @Option(help: "HTTP(S) proxy URL.")
    var proxy: String?

    @Option(
        name: .customLong("header"),
        help: ArgumentHelp(
            "An extra HTTP header on every request, 'Name: value' (repeatable; added to the profile's endpoint.headers).",
            valueName: "name: value"))
    var headers: [String] = []

    @Option(help: "Concurrent sends.")
    var concurrency = 4

    @Option(help: "Attempts before a message is dead.")
    var maxAttempts = 8

    @Option(help: "Seconds before the first retry (doubling, with jitter).")
    var backoff = 1.0

    @Option(help: "Longest wait between retries, seconds.")
    var backoffCap = 300.0

    @Option(help: "At most this many sends per second (default: unlimited).")
    var rateLimit: Double?

    @Option(help: "Status the order, payment and waybill need before their inventory is sent: 2 or 120.")
    var acceptance = "2"

    @Option(help: "Per-request timeout, seconds.")
    var timeout = 30.0

    @Option(help: "Seconds a claimed message stays reserved for this worker; a crashed worker's messages return after it.")
    var lease = 60.0

    @Flag(help: "Do not verify TLS certificates (test endpoints only).")
    var insecure = false

    @Option(
        help:
            "Bearer token for the endpoint: @FILE reads it from a file (default: $SWGATE_TOKEN). A literal value is visible in the process list."
    )
    var token: String?

    @Flag(help: "Accept plain http:// to hosts other than loopback (endpoint, webhook, signing server): only on a trusted network.")
    var allowPlainHTTP = false

    func validate() throws {
        guard (1...256).contains(concurrency) else { throw ValidationError("--concurrency must be 1…256") }
        guard ["2", "120"].contains(acceptance) else { throw ValidationError("--acceptance must be 2 or 120") }
        if let endpoint, URL(string: endpoint)?.scheme?.hasPrefix("http") != true {
            throw ValidationError("--endpoint must be an http(s) URL")
        }
        if let wire, !["dxp", "raw"].contains(wire) { throw ValidationError("--wire must be dxp or raw") }
        if (clientCert == nil) != (clientKey == nil) { throw ValidationError("--client-cert and --client-key go together") }
        _ = try parsedHeaders()
    }

    /// `--header` values as name → value.
    func parsedHeaders() throws -> [String: String] {
        var result: [String: String] = [:]
        for header in headers {
            guard let colon = header.firstIndex(of: ":") else { throw ValidationError("--header '\(header)': write it as 'Name: value'") }
            let name = header[..<colon].trimmingCharacters(in: .whitespaces)
            let value = header[header.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if let problem = EndpointSettings.headerProblem(name: name, value: value) { throw ValidationError("--header: \(problem)") }
            result[name] = value
        }
        return result
    }

    func settings(profile: EnterpriseProfile) throws -> DispatchSettings {
        if let folderSettings = try folder.settings(profile: profile) {
            var settings = DispatchSettings(endpoint: "folder:")
            settings.sendURL = "folder:\(folderSettings.send.path)"
            settings.receiptsURL = nil
            settings.folder = folderSettings
            return try common(settings, profile: profile)
        }
        // Flag, then environment, then profile: the same order as every other setting.
        guard
            let endpoint = [endpoint, ProcessInfo.processInfo.environment["SWGATE_ENDPOINT"], profile.endpoint?.url].compactMap({ $0 })
                .first(where: { !$0.isEmpty })
        else {
            throw ValidationError("no endpoint: pass --endpoint URL, set endpoint.url in the profile, or set SWGATE_ENDPOINT")
        }
        if let problem = PlainHTTPPolicy.problem(endpoint, what: "the endpoint", allowPlain: allowPlainHTTP) {
            throw ValidationError(problem)
        }
        var settings = DispatchSettings(endpoint: endpoint)
        settings.wire = (wire ?? profile.endpoint?.wire) == "raw" ? RawProfile() : DXPProfile()
        return try common(settings, profile: profile)
    }

    /// What every transport shares: the HTTP options (the signing server and the webhook use them
    /// too), the retry policy, the lease, the DXP ids.
    private func common(_ settings: DispatchSettings, profile: EnterpriseProfile) throws -> DispatchSettings {
        var settings = settings
        if let receiptsByTime {
            if let problem = PlainHTTPPolicy.problem(receiptsByTime, what: "the receipt URL", allowPlain: allowPlainHTTP) {
                throw ValidationError(problem)
            }
            settings.receiptsByTimeURL = receiptsByTime
        }
        settings.http.caBundle = caBundle
        settings.http.clientCertificate = clientCert
        settings.http.clientKey = clientKey
        settings.http.proxy = proxy
        settings.http.headers = (profile.endpoint?.headers ?? [:]).merging(try parsedHeaders()) { _, command in command }
        let dxpID = profile.dxpId, receiverID = profile.receiverId
        settings.concurrency = concurrency
        settings.maxAttempts = maxAttempts
        settings.backoffBase = backoff
        settings.backoffCap = backoffCap
        settings.rateLimit = rateLimit
        settings.acceptanceStatus = acceptance
        settings.http.totalTimeout = timeout
        settings.lease = lease
        settings.http.verifyTLS = !insecure
        settings.http.bearerToken = try Secrets.value(token, option: "--token", environment: "SWGATE_TOKEN")
        settings.senderID = dxpID
        settings.receiverID = receiverID
        return settings
    }
}
