import ArgumentParser
import CEBMessages
import Foundation
import JSONWriting
import Gateway
import Outbox

/// How `retry` and `cancel` turn an operator's references into messages: each reference names
/// documents (id, guid, order number, business key); the plan says which message each lives in,
/// and refuses a packed message carrying documents nobody named unless `--whole-message`.
enum DocumentReferences {
    static func plan(_ references: [String], messageIDs: [Int64], store: SQLOutbox, wholeMessage: Bool, command: String) throws
        -> MessageSelection
    {
        var requested: [DocumentSummary] = []
        for reference in references {
            let found = try store.documents(matching: reference)
            if found.isEmpty {
                Console.error(
                    "swgate \(command): nothing matches \(LogText.escaped(reference)) (a document id, guid, order number or business key; swgate list shows them)"
                )
                throw ExitCode(1)
            }
            requested += found
        }
        for id in messageIDs {
            let carried = try store.documents(carriedBy: id)
            if carried.isEmpty {
                Console.error("swgate \(command): there is no message \(id) (swgate list shows each document's message)")
                throw ExitCode(1)
            }
            // Naming a message names all it carries.
            requested += carried
        }
        var carried: [Int64: [DocumentSummary]] = [:]
        for id in Set(requested.map(\.messageID)) { carried[id] = try store.documents(carriedBy: id) }
        let selection = MessageSelection.plan(requested: requested, carried: carried, wholeMessage: wholeMessage)
        for entry in selection.refused {
            let others = entry.others.prefix(5).map { "\($0.id) (\($0.messageType.rawValue) \($0.businessKey), order \($0.orderNo))" }
                .joined(separator: ", ")
            Console.error(
                "swgate \(command): message \(entry.messageID) also carries \(entry.others.count) document\(entry.others.count == 1 ? "" : "s") you did not name: \(others)\(entry.others.count > 5 ? ", …" : ""); pass --whole-message to act on all of them"
            )
        }
        if !selection.refused.isEmpty { throw ExitCode(1) }
        return selection
    }

    /// "document 7 (CEB311Message 3301960XYZ:HT…) → message 7"
    static func describe(_ entry: MessageSelection.Entry) -> String {
        let names = entry.requested.map { "document \($0.id) (\($0.messageType.rawValue) \($0.businessKey))" }.joined(separator: ", ")
        return "\(names) → message \(entry.messageID)"
    }

    /// The same as JSON: `{messageId, documentIds}`.
    static func json(_ entries: [MessageSelection.Entry]) -> JSONOutput {
        .array(
            entries.map { entry in
                .object([("messageId", .int(Int(entry.messageID))), ("documentIds", .array(entry.requested.map { .int(Int($0.id)) }))])
            })
    }
}
