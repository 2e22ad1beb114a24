import ArgumentParser
import Foundation
import JSONWriting
import Gateway
import ReceiptReceiver
import Signing

/// `swgate receipts serve`: the push receiver.
struct ReceiptsServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Receive pushed receipts over HTTP (POST /receipts) and apply them; 200 only once stored.",
        discussion: """
            Prints its base URL on start. Binds to 127.0.0.1; another address needs --allow-remote and a token
            (callers send Authorization: Bearer TOKEN). With --signed-by, only receipts carrying an enveloped
            signature by one of those certificates are taken (403 otherwise). Refused requests are logged with their source.

            Example:
              swgate receipts serve --port 8090 --outbox outbox/
            """
    )

    @OptionGroup var outbox: OutboxOptions

    @Option(help: "Port (0: any free port).") var port = 8090
    @Option(help: "Address to bind; anything but loopback needs --allow-remote and a token.") var host = "127.0.0.1"
    @Flag(help: "Allow binding to a non-loopback address.") var allowRemote = false
    @Option(help: "Bearer token callers must send: @FILE reads it from a file (default: $SWGATE_RECEIPTS_TOKEN).") var token: String?
    @Option(help: "Largest receipt accepted, bytes.") var maxBytes = ReceiptFileReader.defaultMaxBytes
    @Option(help: "Status from which a document counts as accepted: 2 or 120.") var acceptance = "2"
    @Option(
        help: ArgumentHelp(
            "Accept only receipts signed with this certificate (PEM; repeatable): customs' receipt-signing certificate.",
            valueName: "cert.pem"))
    var signedBy: [String] = []
    @Flag(help: "Print the base URL as a JSON document {url} once listening (the receiver runs on).") var json = false

    private func effectiveToken(warn: Bool = false) throws -> String? {
        try Secrets.value(token, option: "--token", environment: "SWGATE_RECEIPTS_TOKEN", warn: warn)
    }

    @OptionGroup var logging: LogOptions

    func validate() throws {
        var configuration = ReceiptReceiverConfiguration()
        configuration.host = host
        if !allowRemote, !configuration.isLoopback {
            throw ValidationError("the receipt receiver binds to loopback unless --allow-remote is given")
        }
        if !configuration.isLoopback, try effectiveToken() == nil {
            throw ValidationError("listening on \(host) needs a caller token: add --token SECRET (or set SWGATE_RECEIPTS_TOKEN)")
        }
        if maxBytes < 1024 { throw ValidationError("--max-bytes must be at least 1024") }
    }

    func run() async throws {
        LogSetup.bootstrap(logging)
        let store = try outbox.openExisting()
        var configuration = ReceiptReceiverConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.token = try effectiveToken(warn: true)
        configuration.maxBytes = maxBytes
        do {
            configuration.trustedCertificates = try signedBy.map { path throws(SigningError) in
                try Certificate(contentsOf: URL(fileURLWithPath: path))
            }
        } catch {
            Console.error("swgate receipts serve: --signed-by: \(error.localizedDescription)")
            throw ExitCode(2)
        }
        let receiver = try await ReceiptReceiver.start(configuration, intake: ReceiptIntake(store: store, acceptanceStatus: acceptance))
        if json {
            JSONContract.shared.line([("url", .string(receiver.baseURL.absoluteString))])
        } else {
            Console.output(receiver.baseURL.absoluteString)
        }
        await receiver.wait()
    }
}
