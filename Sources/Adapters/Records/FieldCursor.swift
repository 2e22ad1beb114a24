import CEBMessages
import Foundation
import XMLSupport

/// A position in a record's JSON: reads fields by name, reporting every missing or malformed one
/// to the ``IssueLog`` with its full path, and answering `nil` so reading can go on.
struct FieldCursor {
    let value: JSONValue?
    let record: String
    let log: IssueLog
    /// Notes every key asked for, so that keys nobody asked for can be reported (``KeyTracker``).
    let tracker: KeyTracker?
    /// This cursor's place in `tracker`.
    private let place: Int
    /// The path of an untracked cursor; a tracked one asks its tracker, and only when it reports.
    private let untrackedPath: String

    init(value: JSONValue?, path: String, record: String, log: IssueLog, tracker: KeyTracker? = nil) {
        self.value = value
        self.record = record
        self.log = log
        self.tracker = tracker
        tracker?.nameRoot(path)
        place = 0
        untrackedPath = path
    }

    private init(value: JSONValue?, record: String, log: IssueLog, tracker: KeyTracker, place: Int) {
        self.value = value
        self.record = record
        self.log = log
        self.tracker = tracker
        self.place = place
        untrackedPath = ""
    }

    /// The JSON path of this cursor's value.
    var path: String {
        tracker?.path(of: place) ?? untrackedPath
    }

    func child(_ name: String) -> FieldCursor {
        var member: JSONValue?
        if case .object(let members, _)? = value { member = members[name] }
        if case .null? = member { member = nil }
        if let tracker {
            return FieldCursor(value: member, record: record, log: log, tracker: tracker, place: tracker.child(of: place, name))
        }
        return FieldCursor(value: member, path: untrackedPath.isEmpty ? name : "\(untrackedPath).\(name)", record: record, log: log)
    }

    /// This cursor's `index`th item (its value given).
    private func item(_ index: Int, _ value: JSONValue) -> FieldCursor {
        if let tracker {
            return FieldCursor(value: value, record: record, log: log, tracker: tracker, place: tracker.child(of: place, "[\(index)]"))
        }
        return FieldCursor(value: value, path: "\(untrackedPath)[\(index)]", record: record, log: log)
    }

    /// This cursor with a fresh tracker: read through it, then ``reportUnknownKeys(rule:)``.
    func tracked() -> FieldCursor {
        FieldCursor(value: value, path: path, record: record, log: log, tracker: KeyTracker())
    }

    /// Reports every key under this cursor that the reading never asked for.
    func reportUnknownKeys(rule: String = "record.unknown-key") {
        tracker?.reportUnknown(in: value, place: place, record: record, log: log, rule: rule)
    }

    /// Marks every member of this object as known (a map whose keys are the user's: short names,
    /// rule ids, header names).
    func acceptAnyKey() {
        guard case .object(_, let order)? = value, let tracker else { return }
        for name in order { _ = tracker.child(of: place, name) }
    }

    var isPresent: Bool { value != nil }

    func missing(_ what: String = "") {
        log.report("record.missing-field", record: record, path: path, "required field is missing\(what.isEmpty ? "" : ": \(what)")")
    }

    func invalid(_ message: String) {
        log.report("record.invalid-value", record: record, path: path, message)
    }

    func wrongType(_ expected: String) {
        log.report("record.wrong-type", record: record, path: path, "expected \(expected), found \(value?.typeName ?? "nothing")")
    }

    // MARK: strings

    func string(_ name: String, required: Bool = true, maxLength: Int? = nil) -> String? {
        let field = child(name)
        guard let value = field.value else {
            if required { field.missing() }
            return nil
        }
        let text: String
        switch value {
        case .string(let string): text = string
        case .number(let number): text = number
        default:
            field.wrongType("a string")
            return nil
        }
        let trimmed = text.trimmedWhitespace
        if trimmed.isEmpty {
            if required { field.invalid("must not be empty") }
            return nil
        }
        // ASCII without control characters (most values): nothing invisible, a character a byte.
        if !trimmed.containsUTF8Byte(where: { $0 < 0x20 || $0 >= 0x7F }) {
            if let maxLength, trimmed.utf8.count > maxLength {
                log.report(
                    "field.length", record: record, path: field.path,
                    "is \(trimmed.utf8.count) characters; customs allows at most \(maxLength)")
            }
            return trimmed
        }
        if let bad = trimmed.unicodeScalars.first(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            log.report(
                "text.control-characters", record: record, path: field.path,
                "contains the control character U+\(String(bad.value, radix: 16, uppercase: true)); remove it")
            return nil
        }
        if let invisible = InvisibleCharacters.first(in: trimmed) {
            log.report(
                "text.invisible-characters", record: record, path: field.path,
                "contains the invisible character U+\(String(invisible.value, radix: 16, uppercase: true)) (pasted text?); customs compares it too — remove it"
            )
            return nil
        }
        if let maxLength, trimmed.utf8.count > maxLength, trimmed.count > maxLength {
            log.report(
                "field.length", record: record, path: field.path, "is \(trimmed.count) characters; customs allows at most \(maxLength)")
        }
        return trimmed
    }

    // MARK: numbers

    /// A decimal given as a string (`"129.25"`) or a JSON integer. JSON numbers with a fraction
    /// are refused: many JSON libraries turn them into binary floating point on the way.
    func decimal(_ name: String, required: Bool = true, allowNegative: Bool = false) -> Decimal? {
        let field = child(name)
        guard let value = field.value else {
            if required { field.missing() }
            return nil
        }
        let text: String
        switch value {
        case .string(let string): text = string.trimmedWhitespace
        case .number(let number):
            if number.contains(".") || number.contains("e") || number.contains("E") {
                field.invalid("write decimals as strings (\"\(number)\") so they stay exact")
                return nil
            }
            text = number
        default:
            field.wrongType("a decimal string such as \"129.25\"")
            return nil
        }
        guard let decimal = CEBDecimal.parse(text) else {
            field.invalid("'\(text)' is not a decimal number (expected digits with an optional point, e.g. \"129.25\")")
            return nil
        }
        if !allowNegative, decimal < 0 {
            field.invalid("must not be negative")
            return nil
        }
        if let digits = CEBDecimal.digitCounts(of: text), digits.fraction > 5 || digits.total > 19 {
            field.invalid("has more digits than customs allows (19 in all, 5 after the point)")
            return nil
        }
        return decimal
    }

    func int(_ name: String, required: Bool = true) -> Int? {
        let field = child(name)
        guard let value = field.value else {
            if required { field.missing() }
            return nil
        }
        switch value {
        case .number(let number):
            guard let result = Int(number) else {
                field.invalid("'\(number)' is not a whole number")
                return nil
            }
            return result
        case .string(let text):
            guard let result = Int(text.trimmedWhitespace) else {
                field.invalid("'\(text)' is not a whole number")
                return nil
            }
            return result
        default:
            field.wrongType("a whole number")
            return nil
        }
    }

    // MARK: times

    /// An ISO-8601 timestamp with a zone (`2026-11-25T10:15:00+08:00` or `…Z`).
    func timestamp(_ name: String, required: Bool = true) -> Date? {
        guard let text = string(name, required: required) else { return nil }
        if let date = ISOTimestamp.parse(text) { return date }
        child(name).invalid("'\(text)' is not an ISO-8601 time with a zone, e.g. 2026-11-25T10:15:00+08:00")
        return nil
    }

    /// A calendar date `YYYY-MM-DD` (or a full timestamp, whose China-time date is taken).
    func date(_ name: String, required: Bool = true) -> String? {
        guard let text = string(name, required: required) else { return nil }
        if let date = ISOTimestamp.parse(text) { return CEBTime.date(date) }
        let digits = text.filter(\.isNumber)
        if text.count == 10, digits.count == 8, CEBTime.parse(digits) != nil { return digits }
        child(name).invalid("'\(text)' is not a date (YYYY-MM-DD) or an ISO-8601 time")
        return nil
    }

    // MARK: codes

    func code(_ name: String, required: Bool = true, table: String, lookup: (String) -> String?) -> String? {
        guard let text = string(name, required: required) else { return nil }
        if let code = lookup(text) { return code }
        log.report("code.\(table)", record: record, path: child(name).path, "'\(text)' is not a known \(table) code")
        return nil
    }

    // MARK: structure

    func object(_ name: String, required: Bool = true) -> FieldCursor? {
        let field = child(name)
        guard let value = field.value else {
            if required { field.missing() }
            return nil
        }
        guard case .object = value else {
            field.wrongType("an object")
            return nil
        }
        return field
    }

    func array(_ name: String, required: Bool = true) -> [FieldCursor]? {
        let field = child(name)
        guard let value = field.value else {
            if required { field.missing() }
            return nil
        }
        guard case .array(let items) = value else {
            field.wrongType("an array")
            return nil
        }
        if items.isEmpty, required {
            field.invalid("must hold at least one entry")
            return nil
        }
        return items.enumerated().map { index, item in field.item(index, item) }
    }

    /// Whether the value is an object (reports otherwise).
    func expectObject() -> Bool {
        guard case .object? = value else {
            wrongType("an object")
            return false
        }
        return true
    }
}
