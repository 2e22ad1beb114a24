import Adapters
import Foundation
import JSONWriting

/// Prints preflight findings for people (stderr lines) or scripts (a JSON array on stdout).
enum IssueReport {
    static func print(_ issues: [PreflightIssue], json: Bool) {
        if json {
            let objects = issues.map { issue -> JSONObject in
                var object = JSONObject()
                object.append("rule", .string(issue.rule))
                object.append("severity", .string(issue.severity.rawValue))
                object.append("file", .string(issue.file))
                object.append("record", .string(issue.record))
                object.append("path", .string(issue.path))
                object.append("message", .string(issue.message))
                return object
            }
            Console.output(JSONOutput.renderedArray(objects))
            return
        }
        for issue in issues {
            Console.error("\(issue.file): \(issue.record): \(issue.path): \(issue.severity.rawValue): \(issue.message) [\(issue.rule)]")
        }
    }

    static func summary(_ issues: [PreflightIssue]) -> String {
        let errors = issues.filter { $0.severity == .error }.count
        let warnings = issues.count - errors
        return "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
    }
}
