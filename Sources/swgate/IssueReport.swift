import Adapters
import Foundation
import JSONWriting

/// Prints preflight findings for people (stderr lines) or scripts (a JSON array on stdout).
enum IssueReport {
    /// Prints the findings for people, one line each on standard error.
    static func print(_ issues: [PreflightIssue]) {
        for issue in issues {
            Console.error("\(issue.file): \(issue.record): \(issue.path): \(issue.severity.rawValue): \(issue.message) [\(issue.rule)]")
        }
    }

    /// The findings as JSON objects {rule, severity, file, record, path, message}.
    static func json(_ issues: [PreflightIssue]) -> JSONOutput {
        .array(
            issues.map { issue in
                .object([
                    ("rule", .string(issue.rule)), ("severity", .string(issue.severity.rawValue)), ("file", .string(issue.file)),
                    ("record", .string(issue.record)), ("path", .string(issue.path)), ("message", .string(issue.message)),
                ])
            })
    }

    /// The findings with their counts, the members every command that checks records answers with.
    static func members(_ issues: [PreflightIssue]) -> JSONObject {
        let errors = issues.filter { $0.severity == .error }.count
        return [("errors", .int(errors)), ("warnings", .int(issues.count - errors)), ("problems", json(issues))]
    }

    static func summary(_ issues: [PreflightIssue]) -> String {
        let errors = issues.filter { $0.severity == .error }.count
        let warnings = issues.count - errors
        return "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
    }
}
