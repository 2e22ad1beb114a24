public import Foundation

/// Writes into a temporary folder beside the destination and moves it into place only when the
/// whole job succeeded, so a failed run leaves nothing behind.
public final class OutputFolder {
    public let destination: URL
    public let staging: URL
    private var committed = false

    public enum Failure: Error, LocalizedError {
        case notEmpty(String)
        case cannotCreate(String, String)

        public var errorDescription: String? {
            switch self {
            case .notEmpty(let path): "\(path) already exists and is not empty; name a new folder for --out"
            case .cannotCreate(let path, let reason): "cannot create \(path): \(reason)"
            }
        }
    }

    public init(destination: URL) throws {
        self.destination = destination.standardizedFileURL
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: self.destination.path, isDirectory: &isDirectory) {
            let contents = (try? manager.contentsOfDirectory(atPath: self.destination.path)) ?? ["?"]
            if !isDirectory.boolValue || !contents.isEmpty { throw Failure.notEmpty(self.destination.path) }
        }
        staging = self.destination.deletingLastPathComponent().appendingPathComponent(".\(self.destination.lastPathComponent).partial-\(UUID().uuidString)", isDirectory: true)
        do {
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw Failure.cannotCreate(staging.path, error.localizedDescription)
        }
    }

    public func write(_ data: Data, named name: String) throws {
        try data.write(to: staging.appendingPathComponent(name))
    }

    /// Moves the staged files into place.
    public func commit() throws {
        let manager = FileManager.default
        if manager.fileExists(atPath: destination.path) { try manager.removeItem(at: destination) }
        try manager.moveItem(at: staging, to: destination)
        committed = true
    }

    deinit {
        if !committed { try? FileManager.default.removeItem(at: staging) }
    }
}
