public import Foundation

/// Finds the `schemas/` folder that holds the XSD files.
///
/// Looked up, in order: the `SWGATE_SCHEMAS` environment variable; a `schemas` folder beside the
/// running executable or in any folder above it (so `swift run`, `swift test` and a built binary in
/// `.build/` all find the checkout's schemas); and the checkout this module was compiled from.
public enum SchemaLocator {
    /// The revision folder swgate validates against by default.
    public static let defaultRevision = "ceb-202205"

    public static func schemaRoot(environment: [String: String] = ProcessInfo.processInfo.environment) throws(SchemaError) -> URL {
        if let override = environment["SWGATE_SCHEMAS"], !override.isEmpty {
            let url = URL(fileURLWithPath: override, isDirectory: true)
            guard containsRevision(url) else {
                throw SchemaError(
                    kind: .notFound,
                    message:
                        "SWGATE_SCHEMAS is \(override), but it has no \(defaultRevision)/ folder; point it at the schemas/ folder of a swgate checkout"
                )
            }
            return url
        }
        var candidates: [URL] = []
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        candidates.append(contentsOf: ancestors(of: executable.deletingLastPathComponent()))
        candidates.append(contentsOf: ancestors(of: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)))
        // #filePath is this source file: <checkout>/Sources/SchemaValidation/SchemaLocator.swift.
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(checkout)
        for base in candidates {
            let url = base.appendingPathComponent("schemas", isDirectory: true)
            if containsRevision(url) { return url }
        }
        throw SchemaError(
            kind: .notFound,
            message: "cannot find the schemas/ folder; run swgate from its checkout or set SWGATE_SCHEMAS to the schemas/ folder"
        )
    }

    private static func containsRevision(_ url: URL) -> Bool {
        FileManager.default.fileExists(atPath: url.appendingPathComponent(defaultRevision).appendingPathComponent("ceb-import.xsd").path)
    }

    private static func ancestors(of url: URL) -> [URL] {
        var result: [URL] = []
        var current = url.standardizedFileURL
        for _ in 0..<8 {
            result.append(current)
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { break }
            current = parent
        }
        return result
    }
}
