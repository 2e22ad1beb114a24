import ArgumentParser
import CEBMessages
import Foundation
import Gateway
import JSONWriting

/// `swgate receipts inspect FILE...`: shows what receipts say, without touching any outbox.
struct ReceiptsInspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show the answers in receipt files, raw or DxpMsg-wrapped.",
        discussion: """
            Folders are read file by file (*.xml). With --json, prints one JSON document {receipts, \
            unreadable} with an object per return element: file, messageType, every field of the element \
            under its customs name, and statusMeaning; --jsonl streams those objects one a line, file by \
            file, in constant memory.

            Example:
              swgate receipts inspect inbox/CEB622Message_1.xml --json
            """
    )

    @Argument(help: "Receipt files or folders of them.", completion: .file())
    var paths: [String]

    @Flag(help: "Print one JSON document {receipts, unreadable}.")
    var json = false

    @Flag(help: "Print one JSON object a line per return element, streamed.")
    var jsonl = false

    func validate() throws {
        if paths.isEmpty { throw ValidationError("Name at least one receipt file.") }
        if json, jsonl { throw ValidationError("--json or --jsonl, not both") }
    }

    func run() throws {
        var rows: [ReturnElement] = []
        var sources: [String] = []
        var failed = 0
        for file in InputFiles.expand(paths) {
            do {
                let data = try ReceiptFileReader.read(file)
                let receipt = try ReceiptFile.read(data)
                if jsonl {
                    for element in receipt.returns { JSONContract.shared.line(Self.jsonObject(element, file: file)) }
                    continue
                }
                rows.append(contentsOf: receipt.returns)
                sources.append(contentsOf: Array(repeating: file, count: receipt.returns.count))
            } catch {
                failed += 1
                Console.error(LogText.escaped("\(file): not a readable receipt: \(error.localizedDescription)"))
            }
        }
        if json {
            Console.json([
                ("receipts", .array(zip(rows, sources).map { .object(Self.jsonObject($0, file: $1)) })), ("unreadable", .int(failed)),
            ])
        } else if !jsonl {
            printTable(rows, sources: sources)
        }
        if failed > 0 { throw ExitCode(1) }
    }

    static func jsonObject(_ element: ReturnElement, file: String) -> JSONObject {
        var object = JSONObject()
        object.append("file", .string(file))
        object.append("messageType", .string(element.messageType.rawValue))
        for field in element.fields where object.keys.contains(field.name) == false {
            object.append(field.name, .string(field.value))
        }
        object.append("statusMeaning", .string(element.statusMeaning))
        return object
    }

    private func printTable(_ rows: [ReturnElement], sources: [String]) {
        var table = TextTable(columns: ["FILE", "TYPE", "KEY", "STATUS", "MEANING", "TIME", "INFO"])
        for (row, source) in zip(rows, sources) {
            table.add([
                (source as NSString).lastPathComponent,
                row.messageType.rawValue,
                row.businessKey,
                row.statusCode ?? "",
                row.statusMeaning,
                row["returnTime"] ?? "",
                row["returnInfo"] ?? "",
            ])
        }
        Console.output(table.render())
    }
}
