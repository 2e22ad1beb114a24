import Adapters
import ArgumentParser
import Foundation
import JSONWriting

/// `--config FILE`: the enterprise profile (default `$SWGATE_CONFIG`, else `./swgate.json`, else
/// `/etc/swgate/swgate.json`).
struct ProfileOptions: ParsableArguments {
    @Option(
        name: .long, help: "The enterprise profile (default: $SWGATE_CONFIG, else ./swgate.json, else /etc/swgate/swgate.json).",
        completion: .file(extensions: ["json"]))
    var config: String?

    var path: String {
        config ?? Self.defaultPath
    }

    /// The system-wide profile of an installed service.
    static let systemPath = "/etc/swgate/swgate.json"

    /// `$SWGATE_CONFIG`, else `./swgate.json`, else `/etc/swgate/swgate.json` when it exists, else
    /// `./swgate.json` (which the error then names).
    static var defaultPath: String {
        if let path = ProcessInfo.processInfo.environment["SWGATE_CONFIG"].flatMap({ $0.isEmpty ? nil : $0 }) { return path }
        if !FileManager.default.fileExists(atPath: "swgate.json"), FileManager.default.fileExists(atPath: systemPath) { return systemPath }
        return "swgate.json"
    }

    /// The outbox this command's profile names, with the profile's path, when the file exists and
    /// names one (read leniently: the command that needs the rest of the profile checks it).
    func outboxSettingIfPresent() -> (value: String, file: String)? {
        Self.outboxSetting(in: path)
    }

    /// The loaded profile's outbox, with where it came from.
    func outboxDefault(_ loaded: EnterpriseProfile) -> (value: String, file: String)? {
        loaded.outbox.map { ($0, path) }
    }

    /// The same for commands without `--config`: the default profile (``defaultPath``).
    static func outboxOfDefaultProfile() -> (value: String, file: String)? {
        outboxSetting(in: defaultPath)
    }

    static func outboxSetting(in path: String) -> (value: String, file: String)? {
        guard let data = FileManager.default.contents(atPath: path),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let outbox = object["outbox"] as? String,
            !outbox.isEmpty
        else { return nil }
        return (outbox, path)
    }

    /// Loads the profile or exits 1 with every problem listed — on standard error, and under
    /// `--json` also in the document's `error` member (the file and each problem).
    func load() throws -> EnterpriseProfile {
        do {
            return try EnterpriseProfile.load(contentsOf: URL(fileURLWithPath: path))
        } catch {
            JSONContract.shared.addErrorDetails([
                ("file", .string(path)), ("profileProblems", .array(error.problems.map { .string($0) })),
            ])
            Console.error("swgate: \(error.localizedDescription)")
            if !FileManager.default.fileExists(atPath: path) {
                Console.error("hint: pass --config FILE or set SWGATE_CONFIG; examples/swgate.json is a complete example")
            }
            throw ExitCode(1)
        }
    }
}
