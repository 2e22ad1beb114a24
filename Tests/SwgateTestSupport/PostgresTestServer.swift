import Foundation

/// The PostgreSQL server `make test` starts on loopback (`Scripts/with-postgres.sh`), announced
/// in `SWGATE_TEST_POSTGRES_URL`. Each test takes a database of its own.
public enum PostgresTestServer {
    /// The server's URL, or nil when the tests run without one (plain `swift test`).
    public static var url: String? {
        ProcessInfo.processInfo.environment["SWGATE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public static var isAvailable: Bool { url != nil }

    public enum Failure: Error, CustomStringConvertible {
        case noServer
        case psql(String)

        public var description: String {
            switch self {
            case .noServer: "no PostgreSQL server for the tests: run them with Scripts/with-postgres.sh (make test does)"
            case .psql(let message): "psql failed: \(message)"
            }
        }
    }

    /// Creates a new, empty database and returns its URL.
    public static func freshDatabase(_ label: String = "t") throws -> String {
        guard let url else { throw Failure.noServer }
        let name = "\(label)_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased())"
        try psql(url, "CREATE DATABASE \(name)")
        guard let slash = url.range(of: "/", options: .backwards) else { throw Failure.psql("unexpected URL \(url)") }
        return String(url[..<slash.lowerBound]) + "/" + name
    }

    /// Runs one SQL command through `psql`; returns its rows, one line each, fields split by `|`.
    @discardableResult
    public static func psql(_ url: String, _ sql: String) throws -> [[String]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = [url, "-qXAt", "-v", "ON_ERROR_STOP=1", "-c", sql]
        let errors = Pipe()
        let output = Pipe()
        process.standardError = errors
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            throw Failure.psql(String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        }
    }
}
