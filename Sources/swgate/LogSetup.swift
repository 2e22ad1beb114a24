import Logging

/// swift-log goes to standard error, so that standard output stays what a command prints
/// (tables, JSON) and scripts can parse it. Bootstrapped once per process.
enum LogSetup {
    private static let once: Void = {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
    }()

    static func bootstrap() { _ = once }
}
