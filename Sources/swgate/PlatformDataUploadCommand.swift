import ArgumentParser
import Foundation
import Gateway
import HTTPClient
import JSONWriting

/// `swgate platform-data upload`: upload what is due now, once, and exit.
struct PlatformDataUploadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upload",
        abstract: "Upload every request due now (as `serve` does continuously), then exit.",
        discussion: """
            For a worker that answers with --upload-threads 0, a cron job, or to drain after an outage. Exits 0 when
            every upload it made was taken, 3 when some were given up (dead: swgate platform-data list --state dead),
            1 when some failed and wait for their retry.

            Example:
              swgate platform-data upload --config swgate.json
            """
    )

    @OptionGroup var profile: ProfileOptions
    @OptionGroup var outbox: OutboxOptions
    @OptionGroup var upload: PlatformDataOptions
    @Flag(help: "Print one JSON document {claimedCount, uploadedCount, retryingCount, deadCount, unknownOrderCount}.") var json = false
    @OptionGroup var logging: LogOptions

    func run() throws {
        LogSetup.bootstrap(logging)
        let loaded = try profile.load()
        let store = try outbox.openExisting(profileDefault: profile.outboxDefault(loaded))
        let uploader = try upload.uploader(profile: loaded, store: store, command: "platform-data upload")
        let client = try CurlClient(configuration: uploader.configuration.http)
        var total = PlatformDataUploader.Round()
        while true {
            let round = try uploader.runOnce(client: client)
            total.add(round)
            // A retry is due later, not in this run: stop once a round uploads nothing new.
            if round.claimed == 0 || round.claimed == round.retrying { break }
        }
        if json {
            Console.json([
                ("claimedCount", .int(total.claimed)), ("uploadedCount", .int(total.uploaded)),
                ("retryingCount", .int(total.retrying)), ("deadCount", .int(total.dead)), ("unknownOrderCount", .int(total.unknownOrders)),
            ])
        } else {
            Console.output(
                "\(total.uploaded) uploaded, \(total.retrying) to retry later, \(total.dead) dead, \(total.unknownOrders) for unknown orders"
            )
        }
        if total.dead > 0 {
            Console.error("swgate platform-data upload: \(total.dead) given up: swgate platform-data list --state dead says why")
            throw ExitCode(Gateway.ExitStatus.dead.rawValue)
        }
        if total.retrying > 0 {
            Console.error(
                "swgate platform-data upload: \(total.retrying) not uploaded (customs or the network failed); they are retried later: swgate platform-data list --state pending says why"
            )
            throw ExitCode(Gateway.ExitStatus.problem.rawValue)
        }
    }
}
