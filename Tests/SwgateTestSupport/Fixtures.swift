public import CEBMessages
public import Foundation

/// Test fixtures committed under `Tests/Fixtures` (copies of the official samples, among others).
public enum Fixtures {
    /// `<checkout>/Tests/Fixtures`, found from this source file's path.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures", isDirectory: true)

    /// `<checkout>`.
    public static let checkout: URL = root.deletingLastPathComponent().deletingLastPathComponent()

    /// The official 202205 sample of `type`, as bytes.
    public static func sample(_ type: CEBMessageType) throws -> Data {
        try Data(contentsOf: sampleURL(type))
    }

    public static func sampleURL(_ type: CEBMessageType) -> URL {
        root.appendingPathComponent("samples/\(type.rawValue).xml")
    }

    /// The message types that have an official sample (16 of them: no 816, 818 or 900 samples exist).
    public static let sampledTypes: [CEBMessageType] = CEBMessageType.allCases.filter {
        FileManager.default.fileExists(atPath: sampleURL($0).path)
    }

    /// A fresh temporary folder, removed by the caller with ``removeTemporaryDirectory(_:)``.
    public static func temporaryDirectory(_ label: String = "swgate-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    public static func removeTemporaryDirectory(_ url: URL) {
        try? FileManager.default.removeItem(at: url)
    }

    /// Runs a system tool (`openssl`, `xmlsec1`, `mount`) to completion, its output discarded, and
    /// returns its exit status.
    public static func runTool(_ tool: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

extension String {
    /// The 1-based line number of the first line containing `needle`.
    public func lineNumber(of needle: String) -> Int? {
        for (index, line) in split(separator: "\n", omittingEmptySubsequences: false).enumerated() where line.contains(needle) {
            return index + 1
        }
        return nil
    }

    /// Replaces the first occurrence of `target`.
    public func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
