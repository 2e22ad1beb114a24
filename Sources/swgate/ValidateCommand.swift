import ArgumentParser
import Foundation
import JSONWriting
import SchemaValidation

/// `swgate validate FILE...`: checks files against the customs schemas.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate CEB messages and DxpMsg envelopes against the customs schemas.",
        discussion: """
            The schema is chosen from each file's root element. For a DxpMsg envelope, the message \
            carried in its Data is validated too. Each problem is printed as FILE:LINE: message.

            Exit status: 0 when every file is valid, 1 when any is invalid or unreadable, 2 for usage errors.

            Example:
              swgate validate out/CEB621Message_*.xml
            """
    )

    @Argument(help: "The XML files to validate.", completion: .file())
    var files: [String]

    @Option(help: "The schemas/ folder (default: found beside the swgate checkout, or $SWGATE_SCHEMAS).")
    var schemas: String?

    @Flag(name: .shortAndLong, help: "Print nothing for valid files (default: a summary on standard error).")
    var quiet = false

    func validate() throws {
        if files.isEmpty { throw ValidationError("Name at least one file to validate.") }
    }

    @Flag(help: "Print one JSON document (the output contract: README, schemas/cli/).")
    var json = false

    func run() throws {
        let validator: SchemaValidator
        do {
            validator = try SchemaValidator(root: schemas.map { URL(fileURLWithPath: $0, isDirectory: true) })
        } catch {
            Console.error("swgate: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        var invalid = 0
        var results: [JSONOutput] = []
        for file in files {
            let result = validator.validate(contentsOf: URL(fileURLWithPath: file))
            if json {
                results.append(
                    .object([
                        ("file", .string(file)), ("valid", .bool(result.isValid)),
                        (
                            "schemaErrors",
                            .array(result.issues.map { .object([("line", .int(Int($0.line))), ("message", .string($0.message))]) })
                        ),
                    ]))
            }
            if result.isValid { continue }
            invalid += 1
            for issue in result.issues {
                Console.output("\(file):\(issue.line): \(issue.message)")
            }
        }
        if json {
            Console.json([("files", .array(results)), ("validCount", .int(files.count - invalid)), ("invalidCount", .int(invalid))])
        }
        if !quiet {
            let noun = files.count == 1 ? "file" : "files"
            Console.error(invalid == 0 ? "\(files.count) \(noun) valid" : "\(invalid) of \(files.count) \(noun) invalid")
        }
        if invalid > 0 { throw ExitCode(1) }
    }
}
