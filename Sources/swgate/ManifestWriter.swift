import Adapters
import CEBMessages
import Foundation
import JSONWriting

/// `manifest.json` of a conversion: each message file with the documents it carries and their
/// business keys, so a platform can trace every record to the file that declares it.
struct ManifestWriter {
    private var entries: [JSONOutput] = []
    let batch: String

    init(batch: String) {
        self.batch = batch
    }

    mutating func add(_ packed: PackedMessage) {
        var message = JSONObject()
        message.append("file", .string(packed.fileName))
        message.append("messageType", .string(packed.messageType.rawValue))
        message.append("guid", .string(packed.message.guid))
        message.append(
            "documents",
            .array(
                packed.documents.map { document in
                    var object = JSONObject()
                    object.append("guid", .string(document.guid))
                    object.append("businessKey", .string(document.businessKey))
                    object.append("orderNo", .string(document.orderNo))
                    object.append("record", .string(document.record))
                    return .object(object)
                }))
        entries.append(.object(message))
    }

    func finish() -> Data {
        var root = JSONObject()
        root.append("batch", .string(batch))
        root.append("messages", .array(entries))
        return Data((JSONOutput.object(root).rendered() + "\n").utf8)
    }
}
