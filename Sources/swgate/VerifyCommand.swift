import ArgumentParser
import Foundation
import JSONWriting
import Signing

/// `swgate verify FILE`: checks an enveloped signature as customs would.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify the enveloped signature of a CEB message.",
        discussion: """
            Exit status: 0 valid; 1 invalid, with the reason (no signature, digest mismatch, bad signature); \
            2 for usage errors.

            Example:
              swgate verify signed.xml --cert cert.pem
            """
    )

    @Argument(help: "The signed message.", completion: .file())
    var file: String

    @Option(help: "Verify against this certificate instead of the one in the signature.", completion: .file())
    var cert: String?

    @Flag(help: "Print one JSON document (the output contract: README, schemas/cli/).")
    var json = false

    func run() throws {
        let data: Data
        let certificate: Certificate?
        do {
            data = try InputFiles.read(file)
            certificate = try cert.map { path throws(SigningError) in try Certificate(contentsOf: URL(fileURLWithPath: path)) }
        } catch {
            Console.error("swgate verify: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        let result = EnvelopedSignature.verify(data, certificate: certificate)
        if json {
            Console.json([("file", .string(file)), ("valid", .bool(result.isValid)), ("reason", .string(result.reason))])
            if !result.isValid { throw ExitCode(1) }
            return
        }
        if result.isValid {
            Console.output("\(file): \(result.reason)")
        } else {
            Console.output("\(file): \(result.reason)")
            throw ExitCode(1)
        }
    }
}
