import CEBMessages
import Foundation

/// Typed values written into SQL text: message states, message types and customs status codes
/// are constants of the code, never input, so they are quoted here rather than spelled as bare
/// strings in each query — the queries stay readable and the values keep their types up to the
/// SQL boundary.
enum SQLLiteral {
    static func state(_ state: MessageState) -> String { quoted(state.rawValue) }

    /// `('a', 'b')`, for `IN`.
    static func states(_ states: [MessageState]) -> String { "(" + states.map(state).joined(separator: ", ") + ")" }

    static func type(_ type: CEBMessageType) -> String { quoted(type.rawValue) }

    static func types(_ types: [CEBMessageType]) -> String { "(" + types.map(type).joined(separator: ", ") + ")" }

    /// A customs status code constant (``CustomsStatus``).
    static func code(_ code: String) -> String { quoted(code) }

    private static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
