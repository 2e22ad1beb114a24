import Adapters
import ArgumentParser
import CEBMessages
import Foundation
import Gateway
import SchemaValidation
import Signing

/// `swgate demo`: what `make demo` runs — the main job, end to end, on this machine.
///
/// Takes the bonded example batch through the adapter (records → messages, preflight), signs
/// the inventories with the demo key, validates everything against the customs schemas, wraps
/// each message in its DxpMsg envelope, and prints one line per parcel.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the example bonded batch end to end on this machine."
    )

    func run() throws {
        let validator: SchemaValidator
        let examples: URL
        do {
            validator = try SchemaValidator()
            examples = validator.schemaDirectory.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples")
        } catch {
            Console.error("swgate demo: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        let profile = try ProfileOptions.parse(["--config", examples.appendingPathComponent("swgate.json").path]).load()
        let signer = try SignerFactory.signer(for: profile)
        let batch = examples.appendingPathComponent("bonded-batch.json")
        Console.output("swgate demo: \(batch.path)")
        let log = IssueLog(file: batch.lastPathComponent, rules: profile.rules)
        var rows: [String: [String]] = [:]
        var order: [String] = []
        var messages = 0
        var envelopesValid = 0
        try ConversionPipeline(profile: profile, validator: validator, signer: signer).run(batch, log: log) { output in
            messages += 1
            let document = output.packed.documents[0]
            if rows[document.orderNo] == nil {
                order.append(document.orderNo)
                rows[document.orderNo] = []
            }
            var status = "valid"
            if output.packed.messageType.requiresSignature {
                status = EnvelopedSignature.verify(output.xml).isValid ? "signed" : "BAD SIGNATURE"
            }
            let envelope = DxpEnvelope(
                transInfo: DxpTransInfo(copMsgId: CEBGuid.make(), senderId: profile.dxpId, receiverIds: [profile.receiverId], creatTime: Date(), msgType: output.packed.messageType.rawValue),
                data: output.xml, fileName: output.packed.fileName
            )
            if validator.validate(envelope.xmlData()).isValid { envelopesValid += 1 }
            rows[document.orderNo, default: []].append("\(output.packed.messageType.rawValue.prefix(6)) \(status)")
        }
        IssueReport.print(log.issues, json: false)
        var table = TextTable(columns: ["ORDER", "DOCUMENTS"])
        for orderNo in order { table.add([orderNo, rows[orderNo, default: []].joined(separator: ", ")]) }
        Console.output(table.render())
        Console.output("\(messages) messages, \(envelopesValid) DxpMsg envelopes valid; preflight: \(IssueReport.summary(log.issues))")
        if log.hasErrors || envelopesValid != messages { throw ExitCode(1) }
    }
}
