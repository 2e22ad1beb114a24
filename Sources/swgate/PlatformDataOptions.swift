import Adapters
import ArgumentParser
import Foundation
import Gateway
import HTTPClient
import Outbox
import Signing

/// How uploads are made: where to, as whom, over which connection.
struct PlatformDataOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Where uploads go (default: the profile's platformData.uploadUrl, else customs' production URL).", valueName: "url"))
    var uploadURL: String?

    @Option(help: "Certificate number sent as certNo (default: the profile's platformData.certNo, else the signing certificate's serial).")
    var certNo: String?

    @Flag(help: "Accept a plain http:// upload URL off loopback (test networks only).") var allowPlainHTTP = false

    @Flag(help: "Do not verify customs' TLS certificate (test endpoints only).") var insecure = false

    @Option(help: "Seconds a claimed upload stays reserved for this worker; a killed worker's uploads are taken over after it.")
    var lease = 60.0

    /// The uploader for `store`, from the profile's signer and settings; exits with a message
    /// naming what is missing.
    func uploader(profile: EnterpriseProfile, store: SQLOutbox, command: String) throws -> PlatformDataUploader {
        let signer: any Signer
        do {
            guard let made = try SignerFactory.signer(for: profile, allowPlainHTTP: allowPlainHTTP) else {
                Console.error("swgate \(command): uploads are signed, and the profile \(profile.source) has no \"signing\" section")
                throw ExitCode(1)
            }
            signer = made
        } catch let error as SigningError {
            Console.error("swgate \(command): the profile's signing key cannot be used: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        var settings = profile.platformData
        if let uploadURL { settings.uploadURL = uploadURL }
        if let problem = PlainHTTPPolicy.problem(settings.uploadURL, what: "the upload URL", allowPlain: allowPlainHTTP) {
            Console.error("swgate \(command): \(problem)")
            throw ExitCode(1)
        }
        if let certNo { settings.certNo = certNo }
        var configuration = PlatformDataUploader.Configuration(
            settings: settings, signer: signer, worker: "\(ProcessInfo.processInfo.hostName):\(getpid()):179")
        configuration.http.verifyTLS = !insecure
        configuration.lease = max(1, lease)
        return PlatformDataUploader(configuration: configuration, store: store, signer: signer)
    }
}
