import Adapters
import ArgumentParser
import Foundation

/// `--config FILE`: the enterprise profile (default `./swgate.json`, or `$SWGATE_CONFIG`).
struct ProfileOptions: ParsableArguments {
    @Option(name: .long, help: "The enterprise profile (default: $SWGATE_CONFIG, else ./swgate.json).", completion: .file(extensions: ["json"]))
    var config: String?

    var path: String {
        config ?? ProcessInfo.processInfo.environment["SWGATE_CONFIG"] ?? "swgate.json"
    }

    /// Loads the profile or exits 1 with every problem listed.
    func load() throws -> EnterpriseProfile {
        do {
            return try EnterpriseProfile.load(contentsOf: URL(fileURLWithPath: path))
        } catch {
            Console.error("swgate: \(error.localizedDescription)")
            if !FileManager.default.fileExists(atPath: path) {
                Console.error("hint: pass --config FILE or set SWGATE_CONFIG; examples/swgate.json is a complete example")
            }
            throw ExitCode(1)
        }
    }
}
