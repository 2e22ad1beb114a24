import Adapters
import ArgumentParser
import CEBMessages
import Foundation
import JSONWriting
import Signing
import Simulator

/// `swgate simulator`: the single window, on this machine.
struct SimulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulator",
        abstract: "Run the embedded single-window simulator (DXP over HTTP, customs matching, receipts, fault injection).",
        discussion: """
            Prints its base URL on start. Receipts: GET /receipts?after=ID (polling); with --receipts-dir, also as files.

            Example:
              swgate simulator --port 8080 --http-500-rate 0.2 --timeout-rate 0.05 --duplicate-receipts --reorder-receipts
            """
    )

    @Option(help: "Port (0: any free port).")
    var port = 8080

    @Option(help: "Address to bind; anything but loopback needs --allow-remote.")
    var host = "127.0.0.1"

    @Flag(help: "Allow binding to a non-loopback address (then a token is required).")
    var allowRemote = false

    @Option(help: "Bearer token callers must send (or $SWGATE_SIMULATOR_TOKEN); required with --allow-remote.")
    var token: String?

    private func effectiveToken(warn: Bool = false) throws -> String? {
        try Secrets.value(token, option: "--token", environment: "SWGATE_SIMULATOR_TOKEN", warn: warn)
    }

    private var isLoopback: Bool { ["127.0.0.1", "::1", "localhost"].contains(host) }

    @Option(help: "Chance of a format rejection.") var failRate = 0.0
    @Option(help: "Delay before every reply, milliseconds.") var latency = 0.0
    @Option(name: .customLong("http-500-rate"), help: "Chance of HTTP 500.") var http500Rate = 0.0
    @Option(help: "Chance of holding the reply past the client's timeout (the message is processed).") var timeoutRate = 0.0
    @Option(help: "Seconds a timed-out reply is held.") var timeoutHold = 3.0
    @Flag(help: "Deliver every receipt twice.") var duplicateReceipts = false
    @Flag(help: "Deliver receipts ready together in random order.") var reorderReceipts = false
    @Option(help: "Seconds a receipt can still be fetched after it falls due (older ones are forgotten).")
    var receiptRetention = 86_400.0
    @Option(help: "Random seed for reproducible faults.") var seed: UInt64 = 1
    @Option(help: "Seconds between customs stages (2 → 120 → 399 → 800).") var stageDelay = 0.05
    @Option(help: "A JSON file {\"ID number\": \"CNY used this year on other platforms\"}.") var quota: String?
    @Option(help: "Verify signatures against this certificate (repeatable).") var cert: [String] = []
    @Option(help: "Also write receipts as files into this folder.") var receiptsDir: String?
    @Option(help: "Sign every receipt envelope with this PEM key (with --receipt-cert), as customs' own key.") var receiptKey: String?
    @Option(help: "The certificate of --receipt-key.") var receiptCert: String?
    @Option(help: "Also push every receipt to this URL (e.g. a `swgate receipts serve` endpoint's /receipts).") var pushUrl: String?
    @Option(help: "Bearer token for the push URL (or $SWGATE_RECEIPTS_TOKEN).") var pushToken: String?
    @Option(help: "Chance of billing a released inventory 10.00 more than the tax rule says (a CEB816 fault).") var taxMisbillRate = 0.0
    @Option(help: "Take the tax bills' rates from this profile's tariff (others: 13 % VAT).", completion: .file(extensions: ["json"]))
    var config: String?

    @Option(
        help: ArgumentHelp(
            "Announcement 179: call this platDataOpen URL for random declared orders, as customs does (uploads are taken at /ceb2grab/grab/realTimeDataUpload).",
            valueName: "url"))
    var platformDataUrl: String?
    @Option(help: "Seconds between customs' 179 requests.") var platformDataEvery = 1.0
    @Option(help: "The platform's registered certificate (PEM) that 179 uploads must be signed with (default: the first --cert).")
    var platformCert: String?

    @Option(
        help: ArgumentHelp(
            "Folder mode: also play the E-Port client, taking message files from this folder (swgate's send folder).", valueName: "dir"))
    var folderIn: String?
    @Option(help: ArgumentHelp("Folder mode: drop receipts into this folder (swgate's receive folder).", valueName: "dir"))
    var folderOut: String?
    @Option(help: "Folder mode: pick a file up only once it is this many seconds old (a slow client).") var pickupDelay = 0.0
    @Option(help: "Folder mode: chance of a garbage file among the receipts dropped.") var garbageRate = 0.0

    @OptionGroup var logging: LogOptions

    func validate() throws {
        guard receiptRetention > 0 else {
            throw ValidationError("--receipt-retention must be a positive number of seconds (default 86400, a day)")
        }
        if !allowRemote, !isLoopback {
            throw ValidationError("the simulator binds to loopback unless --allow-remote is given")
        }
        if !isLoopback, (try effectiveToken() ?? "").isEmpty {
            throw ValidationError(
                "listening on \(host) needs a caller token: add --token SECRET (or set SWGATE_SIMULATOR_TOKEN), and give senders the same --token"
            )
        }
    }

    @Flag(help: "Print the base URL as a JSON document {url} once listening (the simulator runs on).")
    var json = false

    func run() async throws {
        LogSetup.bootstrap(logging)
        var configuration = SimulatorConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.token = try effectiveToken(warn: true)
        configuration.failRate = failRate
        configuration.latency = latency / 1000
        configuration.http500Rate = http500Rate
        configuration.timeoutRate = timeoutRate
        configuration.timeoutHold = timeoutHold
        configuration.duplicateReceipts = duplicateReceipts
        configuration.reorderReceipts = reorderReceipts
        configuration.receiptRetention = receiptRetention
        configuration.seed = seed
        configuration.stageDelay = stageDelay
        configuration.pushURL = pushUrl
        configuration.pushToken = try Secrets.value(pushToken, option: "--push-token", environment: "SWGATE_RECEIPTS_TOKEN")
        if let quota { configuration.usedQuota = try QuotaFile.read(quota) }
        configuration.taxMisbillRate = taxMisbillRate
        if let config {
            let profile = try ProfileOptions.parse(["--config", config]).load()
            configuration.taxRates = profile.tariff.mapValues { CrossBorderTax.Rates(vat: $0.vat, consumption: $0.consumption) }
        }
        if let receiptKey {
            guard let receiptCert else { throw ValidationError("--receipt-key needs --receipt-cert") }
            configuration.receiptSigner = try SoftwareSigner(
                keyFile: URL(fileURLWithPath: receiptKey), certificateFile: URL(fileURLWithPath: receiptCert))
        }
        configuration.certificates = try cert.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        configuration.platformDataURL = platformDataUrl
        if folderIn != nil || folderOut != nil {
            guard let folderIn, let folderOut else { throw ValidationError("--folder-in and --folder-out go together") }
            var folders = FolderClientConfiguration(inbox: URL(fileURLWithPath: folderIn), outbox: URL(fileURLWithPath: folderOut))
            folders.pickupDelay = max(0, pickupDelay)
            folders.garbageRate = min(max(0, garbageRate), 1)
            configuration.folderClient = folders
        }
        configuration.platformDataEvery = max(0.001, platformDataEvery)
        configuration.platformDataToken = ProcessInfo.processInfo.environment["SWGATE_PLATFORM_DATA_TOKEN"]
        if let platformCert { configuration.platformCertificate = try Data(contentsOf: URL(fileURLWithPath: platformCert)) }
        if let receiptsDir {
            let url = URL(fileURLWithPath: receiptsDir, isDirectory: true)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            configuration.receiptsDirectory = url
        }
        let server = try await SimulatorServer.start(configuration)
        if json {
            JSONContract.shared.line([("url", .string(server.baseURL.absoluteString))])
        } else {
            Console.output(server.baseURL.absoluteString)
        }
        await server.wait()
    }
}

/// The simulator's table of what buyers already used elsewhere this year.
enum QuotaFile {
    static func read(_ path: String) throws -> [String: Decimal] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ValidationError("\(path) must be a JSON object of ID number → amount")
        }
        var table: [String: Decimal] = [:]
        for (key, value) in object {
            if let text = value as? String, let amount = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) {
                table[key] = amount
            }
            if let number = value as? Int { table[key] = Decimal(number) }
        }
        return table
    }
}
