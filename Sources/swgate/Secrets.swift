import ArgumentParser
import Foundation

/// Where a secret (a token) comes from: an option's value, `@FILE` in it, or the environment.
///
/// A literal value on the command line is visible to every user of the host in the process list
/// (`ps`), so it works but draws a warning; `@FILE` (a file readable by the service's user only)
/// or the environment variable keep it out of sight.
enum Secrets {
    /// The secret, or nil when neither the option nor the variable gives one.
    static func value(_ option: String?, option name: String, environment variable: String, warn: Bool = true) throws -> String? {
        if let option, !option.isEmpty {
            if option.hasPrefix("@") {
                let path = String(option.dropFirst())
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    throw ValidationError("\(name) @\(path): cannot read the file")
                }
                let secret = text.trimmingCharacters(in: .whitespacesAndNewlines)
                if secret.isEmpty { throw ValidationError("\(name) @\(path): the file is empty") }
                return secret
            }
            if warn {
                Console.error(
                    "warning: \(name) given on the command line is visible to other users in the process list; use \(name) @FILE or $\(variable)"
                )
            }
            return option
        }
        let fromEnvironment = ProcessInfo.processInfo.environment[variable] ?? ""
        return fromEnvironment.isEmpty ? nil : fromEnvironment
    }
}
