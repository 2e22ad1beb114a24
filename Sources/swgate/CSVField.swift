import Foundation

/// One CSV field as spreadsheets read it safely.
enum CSVField {
    /// `text` quoted when it must be; a leading `=`, `+`, `-` or `@` is neutralised with `'` so
    /// that a spreadsheet never runs a value as a formula (a negative number stays a number).
    static func text(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+@".contains(first) || (first == "-" && Decimal(string: value) == nil) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The byte-order mark that makes Excel (on Chinese Windows too) read a CSV file as UTF-8.
    static let byteOrderMark = "\u{FEFF}"
}
