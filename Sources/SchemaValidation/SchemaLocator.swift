public import Foundation

/// Finds the `schemas/` folder that holds the XSD files.
///
/// Looked up, in order: the `SWGATE_SCHEMAS` environment variable; `share/swgate/schemas` beside
/// the executable's folder (an installed `PREFIX/bin/swgate` finds `PREFIX/share/swgate/schemas`);
/// a `schemas` folder beside the running executable or in any folder above it (so `swift run`,
/// `swift test` and a built binary in `.build/` all find the checkout's schemas); the same above
/// the current folder. Never a path compiled into the binary: an installed swgate runs wherever
/// its build tree went.
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
        let executable = URL(fileURLWithPath: Self.executablePath).resolvingSymlinksInPath()
        let binFolder = executable.deletingLastPathComponent()
        candidates.append(binFolder.deletingLastPathComponent().appendingPathComponent("share/swgate", isDirectory: true))
        candidates.append(contentsOf: ancestors(of: binFolder))
        candidates.append(contentsOf: ancestors(of: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)))
        for base in candidates {
            let url = base.appendingPathComponent("schemas", isDirectory: true)
            if containsRevision(url) { return url }
        }
        throw SchemaError(
            kind: .notFound,
            message:
                "cannot find the schemas/ folder (looked in share/swgate/ beside the binary's folder, and above the binary and the current folder); install swgate with make install, run it from its checkout, or set SWGATE_SCHEMAS to the schemas/ folder"
        )
    }

    /// The running executable: `/proc/self/exe` on Linux (right whatever `argv[0]` says, e.g. when
    /// started through `PATH`), else `argv[0]`.
    static var executablePath: String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        return CommandLine.arguments.first ?? ""
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
