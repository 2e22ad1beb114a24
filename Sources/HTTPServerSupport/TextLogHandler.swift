import Foundation
public import Logging

/// Log lines for people, on standard error: `time level label: key=value … [source] message`, the
/// layout of swift-log's `StreamLogHandler`.
///
/// The metadata is written out when a line is logged, not whenever it changes: Hummingbird gives
/// every request's logger an id, and a listener serving thousands of requests logs few lines.
public struct TextLogHandler: LogHandler {
    public let label: String
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]

    public init(label: String, logLevel: Logger.Level = .info) {
        self.label = label
        self.logLevel = logLevel
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        FileHandle.standardError.write(Data(line(event, at: Date()).utf8))
    }

    /// The line `event` is written as (with its newline).
    func line(_ event: LogEvent, at time: Date) -> String {
        var merged = metadata
        if let explicit = event.metadata { merged.merge(explicit) { $1 } }
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        var text = Self.timestamp(time) + " \(event.level)" + (label.isEmpty ? "" : " ") + label + ":"
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) { text += " \(key)=\(value)" }
        return text + " [\(event.source)] \(event.message)\n"
    }

    /// Local time, `2026-12-07T10:19:52+0800`.
    static func timestamp(_ time: Date) -> String {
        var seconds = time_t(time.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil else { return "<unknown>" }
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
