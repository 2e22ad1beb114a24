import ArgumentParser
import Foundation
import HTTPServerSupport
import JSONWriting
import Logging
import Outbox

/// `-v`, `--log-level` and `--log-format` of the commands that log (run, send, receipts serve and
/// watch, simulator).
struct LogOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Log at debug level (the same as --log-level debug).")
    var verbose = false

    @Option(help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String?

    @Option(help: "text (for people) or json (one object a line, for a log collector).")
    var logFormat = "text"

    func validate() throws {
        if let logLevel, Logger.Level(rawValue: logLevel) == nil {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        if !["text", "json"].contains(logFormat) { throw ValidationError("--log-format must be text or json") }
    }

    var level: Logger.Level { logLevel.flatMap(Logger.Level.init(rawValue:)) ?? (verbose ? .debug : .info) }
}

/// swift-log goes to standard error, so that standard output stays what a command prints
/// (tables, JSON) and scripts can parse it. Bootstrapped once per process.
enum LogSetup {
    static func bootstrap(_ options: LogOptions? = nil) {
        let level = options?.level ?? .info
        let json = options?.logFormat == "json"
        once.withLock { done in
            guard !done else { return }
            done = true
            LoggingSystem.bootstrap { label in
                if json { return JSONLogHandler(label: label, logLevel: level) }
                return TextLogHandler(label: label, logLevel: level)
            }
        }
    }

    private static let once = NSLockedValue(false)
}

/// A lock around one value (bootstrapping must happen once, whichever command asks first).
final class NSLockedValue<Value>: @unchecked Sendable {  // `value` is only touched under `lock`
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<Result>(_ body: (inout Value) -> Result) -> Result {
        lock.withLock { body(&value) }
    }
}

/// Log lines as JSON objects on standard error: `{"time", "level", "label", "message", …metadata}`.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    init(label: String, logLevel: Logger.Level) {
        self.label = label
        self.logLevel = logLevel
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var object: JSONObject = [
            ("time", .string(UTCTimestamp.string(Date()))), ("level", .string(event.level.rawValue)),
            ("label", .string(label)), ("message", .string(event.message.description)),
        ]
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        for key in merged.keys.sorted() { object.append(key, .string(merged[key]?.description ?? "")) }
        FileHandle.standardError.write(Data((JSONOutput.object(object).rendered(indent: nil) + "\n").utf8))
    }
}
