import CEBMessages
import Foundation

/// A customs status as people read it in tables: `800 released`, `100 rejected by customs`,
/// coloured (green final, red refused, yellow under way) only on a terminal and never with
/// `NO_COLOR` set (https://no-color.org).
enum StatusLabel {
    static func text(_ status: String?, for type: CEBMessageType) -> String {
        guard let status else { return "-" }
        let meaning = ReturnStatus.meaning(of: status, for: type.receiptType ?? type)
        let label = "\(status) \(meaning)"
        guard colours else { return label }
        switch status {
        case CustomsStatus.released, CustomsStatus.accepted, CustomsStatus.closed: return "\u{1B}[32m\(label)\u{1B}[0m"
        case CustomsStatus.rejected: return "\u{1B}[31m\(label)\u{1B}[0m"
        default: return status.hasPrefix("-") ? "\u{1B}[31m\(label)\u{1B}[0m" : label
        }
    }

    /// Colours only for a person at a terminal who has not asked for none.
    static let colours: Bool = Console.isTerminal && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
}
