import Adapters
import ArgumentParser
import Foundation
import Gateway
import JSONWriting
import PlatformDataServer

/// `swgate platform-data serve`: the platDataOpen listener and the uploader.
struct PlatformDataServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Answer customs' platDataOpen (POST /platDataOpen) and upload the data from the outbox.",
        discussion: """
            Each request is committed to the outbox, then answered {"code":"10000"}; upload threads claim recorded
            requests (several servers may share a PostgreSQL outbox), build the upload from the stored order and
            payment, sign it with the profile's signer and POST it to realTimeDataUpload, retrying with backoff.
            Binds to 127.0.0.1; another address needs --allow-remote and a token (put the TLS proxy that faces
            customs in front, adding Authorization: Bearer TOKEN). Prints its base URL on start.

            Example:
              swgate platform-data serve --port 8179 --config swgate.json
            """
    )

    @OptionGroup var profile: ProfileOptions
    @OptionGroup var outbox: OutboxOptions
    @OptionGroup var upload: PlatformDataOptions

    @Option(help: "Port (0: any free port).") var port = 8179
    @Option(help: "Address to bind; anything but loopback needs --allow-remote and a token.") var host = "127.0.0.1"
    @Flag(help: "Allow binding to a non-loopback address.") var allowRemote = false
    @Option(help: "Bearer token callers must send: @FILE reads it from a file (default: $SWGATE_PLATFORM_DATA_TOKEN).") var token: String?
    @Option(help: "Upload threads (0: answer only; another process uploads).") var uploadThreads = 2
    @Flag(help: "Print the base URL as a JSON document {url} once listening (the server runs on).") var json = false

    @OptionGroup var logging: LogOptions

    private func effectiveToken(warn: Bool = false) throws -> String? {
        try Secrets.value(token, option: "--token", environment: "SWGATE_PLATFORM_DATA_TOKEN", warn: warn)
    }

    func validate() throws {
        var configuration = PlatformDataServerConfiguration()
        configuration.host = host
        if !allowRemote, !configuration.isLoopback {
            throw ValidationError("the platform-data server binds to loopback unless --allow-remote is given")
        }
        if !configuration.isLoopback, try effectiveToken() == nil {
            throw ValidationError("listening on \(host) needs a caller token: add --token SECRET (or set SWGATE_PLATFORM_DATA_TOKEN)")
        }
        if !(0...16).contains(uploadThreads) { throw ValidationError("--upload-threads must be 0 to 16") }
    }

    func run() async throws {
        LogSetup.bootstrap(logging)
        let loaded = try profile.load()
        let store = try outbox.openExisting(profileDefault: profile.outboxDefault(loaded))
        var uploads: PlatformUploadThread?
        if uploadThreads > 0 {
            let uploader = try upload.uploader(profile: loaded, store: store, command: "platform-data serve")
            uploads = PlatformUploadThread(uploader: uploader, threads: uploadThreads)
            try uploads?.start()
        }
        var configuration = PlatformDataServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.token = try effectiveToken(warn: true)
        configuration.answerWithin = loaded.platformData.answerWithin
        let server = try await PlatformDataServer.start(configuration, store: store)
        if json {
            JSONContract.shared.line([("url", .string(server.baseURL.absoluteString))])
        } else {
            Console.output(server.baseURL.absoluteString)
        }
        let stop = LockedFlag()
        let signals = await StopSignals.trap(setting: stop)
        defer { signals.cancel() }
        while !stop.isSet { try? await Task.sleep(for: .milliseconds(100)) }
        await server.shutdown()
        uploads?.stop()
    }
}
