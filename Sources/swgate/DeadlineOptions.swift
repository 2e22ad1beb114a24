import ArgumentParser
import CEBMessages
import Outbox

/// `--deadline`: how long a delivered document may wait for customs before it is overdue
/// (`swgate list --overdue`, and the overdue count of `swgate status`).
struct DeadlineOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "A receipt deadline, TYPE=AGE (CEB621Message=6h) or AGE for every other type (repeatable). Defaults: CEB621Message=4h, others 1h.",
            valueName: "deadline"))
    var deadline: [String] = []

    func validate() throws {
        _ = try deadlines()
    }

    /// The deadlines given, over the defaults.
    func deadlines() throws -> ReceiptDeadlines {
        var result = ReceiptDeadlines()
        for entry in deadline {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            let age = parts.count == 2 ? parts[1] : parts[0]
            guard let seconds = Age.seconds(age) else { throw ValidationError("--deadline \(entry): the age must look like 30m, 4h or 2d") }
            if parts.count == 2 {
                guard let type = CEBMessageType(rawValue: parts[0]) else {
                    throw ValidationError("--deadline \(entry): \(parts[0]) is not a message type such as CEB621Message")
                }
                result.byType[type] = seconds
            } else {
                result.fallback = seconds
            }
        }
        return result
    }
}
