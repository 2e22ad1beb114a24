import ArgumentParser
import CEBMessages
import Foundation
import SchemaValidation

/// `swgate demo`: what `make demo` runs.
///
/// Until the adapter, outbox and simulator exist, the demo shows the foundation working end to
/// end on one machine: it builds one bonded-import parcel's four declarations (order, payment,
/// waybill, inventory), validates each against the customs schemas, wraps each in a DxpMsg
/// envelope, validates the envelope and reads a sample receipt back.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build, validate and wrap one parcel's declarations (a self-check of the message layer)."
    )

    func run() throws {
        let validator: SchemaValidator
        do {
            validator = try SchemaValidator()
        } catch {
            Console.error("swgate demo: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        Console.output("swgate demo — schemas: \(validator.schemaDirectory.path)")
        let parcel = DemoParcel.make(orderNo: "DEMO-ORDER-0001", at: Date())
        var table = TextTable(columns: ["MESSAGE", "GUID", "BYTES", "SCHEMA", "DXPMSG"])
        var failures = 0
        for (type, data) in parcel {
            let result = validator.validate(data)
            let envelope = DxpEnvelope(
                transInfo: DxpTransInfo(
                    copMsgId: CEBGuid.make(),
                    senderId: "DXPENT0000000001",
                    receiverIds: ["DXPEDCCEB0000002"],
                    creatTime: Date(),
                    msgType: type.rawValue
                ),
                data: data,
                fileName: "\(type.rawValue).xml"
            )
            let wrapped = validator.validate(envelope.xmlData())
            if !result.isValid || !wrapped.isValid { failures += 1 }
            for issue in result.issues + wrapped.issues {
                Console.error("\(type.rawValue):\(issue.line): \(issue.message)")
            }
            let guid = (try? AnyCEBMessage.parse(data).message.guid) ?? "?"
            table.add([type.rawValue, guid, String(data.count), result.isValid ? "valid" : "INVALID", wrapped.isValid ? "valid" : "INVALID"])
        }
        Console.output(table.render())
        let receipt = DemoParcel.receipt(orderNo: "DEMO-ORDER-0001")
        let answers = try ReceiptFile.read(receipt).returns
        for answer in answers {
            Console.output("receipt \(answer.messageType.rawValue) for \(answer.businessKey): \(answer.statusCode ?? "?") — \(answer.statusMeaning)")
        }
        if failures > 0 { throw ExitCode(1) }
    }
}
