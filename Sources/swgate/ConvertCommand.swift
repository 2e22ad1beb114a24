import Adapters
import ArgumentParser
import CEBMessages
import Foundation
import JSONWriting
import Gateway
import SchemaValidation
import Signing

/// `swgate convert BATCH --out DIR`: platform records → customs messages as files.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a batch of platform records into CEB message files.",
        discussion: """
            Writes one file per message, <MessageType>_<guid>.xml, and manifest.json (message → documents → \
            business keys). Every message is validated against the customs schemas first; if anything is wrong \
            — in any record — nothing is written and every problem is listed.

            Declarations customs requires signed (CEB621, 623, 625) are signed with the profile's signing key and \
            verified; without one (or with --unsigned) they are written unsigned, to be signed at dispatch.

            Example:
              swgate convert examples/bonded-batch.json --config examples/swgate.json --out out/
            """
    )

    @Argument(help: "The batch file (.json, or .jsonl for JSON Lines).", completion: .file())
    var batch: String

    @OptionGroup var profile: ProfileOptions

    @Option(help: "The folder to create for the messages (must not exist, or be empty).", completion: .directory)
    var out: String

    @Option(help: "Put up to N documents of one type into one message (1–100).")
    var pack = 1

    @Flag(help: "Leave CEB621/623/625 unsigned even when the profile has a signing key.")
    var unsigned = false

    func validate() throws {
        guard (1...100).contains(pack) else { throw ValidationError("--pack must be between 1 and 100") }
    }

    @Flag(help: "Print one JSON document (the output contract: README, schemas/cli/).")
    var json = false

    func run() throws {
        let profile = try self.profile.load()
        let validator: SchemaValidator
        do {
            validator = try SchemaValidator()
        } catch {
            Console.error("swgate: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        let folder: OutputFolder
        do {
            folder = try OutputFolder(destination: URL(fileURLWithPath: out, isDirectory: true))
        } catch {
            Console.error("swgate: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        let signer: (any Signer)?
        do {
            signer = unsigned ? nil : try SignerFactory.signer(for: profile)
        } catch {
            Console.error("swgate: the profile's signing key cannot be used: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        let log = IssueLog(file: batch, rules: profile.rules)
        var manifest = ManifestWriter(batch: batch)
        var messages = 0
        var documents = 0
        try ConversionPipeline(profile: profile, validator: validator, pack: pack, signer: signer).run(
            URL(fileURLWithPath: batch), log: log
        ) { output in
            guard !log.hasErrors else { return }
            try folder.write(output.xml, named: output.packed.fileName)
            manifest.add(output.packed)
            messages += 1
            documents += output.packed.documents.count
        }
        IssueReport.print(log.issues)
        if json {
            var answer: JSONObject = [
                ("batch", .string(batch)), ("out", .string(out)), ("written", .bool(!log.hasErrors)),
                ("documentCount", .int(log.hasErrors ? 0 : documents)), ("messageCount", .int(log.hasErrors ? 0 : messages)),
            ]
            for member in IssueReport.members(log.issues).members { answer.append(member.key, member.value) }
            Console.json(answer)
        }
        if log.hasErrors {
            Console.error("\(batch): nothing written; \(IssueReport.summary(log.issues))")
            throw ExitCode(1)
        }
        try folder.write(manifest.finish(), named: "manifest.json")
        try folder.commit()
        Console.error("\(batch): \(documents) documents in \(messages) messages written to \(out); \(IssueReport.summary(log.issues))")
    }
}
