import ArgumentParser
import Foundation
import JSONWriting
import Signing

/// `swgate sign FILE`: adds the enveloped signature customs requires.
struct SignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a CEB message with an enveloped XML signature (RSA-SHA1, RSA-SHA256 or SM2-SM3).",
        discussion: """
            The signature is inserted as the last child of the root; nothing else in the file changes. \
            Every signature is verified before it is written.

            Example:
              swgate sign CEB621Message_X.xml --key key.pem --cert cert.pem --out signed.xml
            """
    )

    @Argument(help: "The message to sign.", completion: .file())
    var file: String

    @Option(help: "The private key (PEM, RSA or SM2).", completion: .file())
    var key: String

    @Option(help: "The signing certificate (PEM or DER).", completion: .file())
    var cert: String

    @Option(help: "rsa-sha1 (default for RSA keys), rsa-sha256, or sm2-sm3 (default for SM2 keys).")
    var alg: String?

    @Option(help: "The certificate number for KeyName (default: the certificate's serial number).")
    var keyName: String?

    @Option(help: "Where to write the signed message.", completion: .file())
    var out: String

    func validate() throws {
        if let alg, SignatureAlgorithm(rawValue: alg) == nil {
            throw ValidationError("--alg must be one of \(SignatureAlgorithm.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    @Flag(help: "Print one JSON document (the output contract: README, schemas/cli/).")
    var json = false

    func run() throws {
        do {
            let signer = try SoftwareSigner(
                keyFile: URL(fileURLWithPath: key), certificateFile: URL(fileURLWithPath: cert),
                algorithm: alg.flatMap(SignatureAlgorithm.init(rawValue:)), keyName: keyName
            )
            let input = try InputFiles.read(file)
            let signed = try EnvelopedSignature.sign(input, with: signer)
            let check = EnvelopedSignature.verify(signed, certificate: signer.certificateInfo)
            guard check.isValid else {
                Console.error("swgate sign: the new signature does not verify: \(check.reason)")
                throw ExitCode(1)
            }
            try signed.write(to: URL(fileURLWithPath: out))
            Console.error("\(out): signed (\(signer.algorithm.rawValue), key \(signer.keyName))")
            if json {
                Console.json([
                    ("file", .string(file)), ("out", .string(out)), ("signed", .bool(true)),
                    ("algorithm", .string(signer.algorithm.rawValue)), ("keyName", .string(signer.keyName)),
                ])
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            Console.error("swgate sign: \(error.localizedDescription)")
            throw ExitCode(1)
        }
    }
}
