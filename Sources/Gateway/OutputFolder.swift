public import Foundation

/// Writes into a temporary folder beside the destination and moves it into place only when the
/// whole job succeeded, so a failed run leaves nothing behind.
///
/// Converted messages hold buyers' identity and telephone numbers: the folder is created
/// owner-only (0700) and every file in it owner-only (0600), whatever the umask.
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
        staging = self.destination.deletingLastPathComponent().appendingPathComponent(
            ".\(self.destination.lastPathComponent).partial-\(UUID().uuidString)", isDirectory: true)
        do {
            try manager.createDirectory(at: staging, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            // The umask may have narrowed the mode, never widened it; say it exactly.
            try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: staging.path)
        } catch {
            throw Failure.cannotCreate(staging.path, error.localizedDescription)
        }
    }

    public func write(_ data: Data, named name: String) throws {
        let path = staging.appendingPathComponent(name).path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure.cannotCreate(path, String(cString: strerror(errno))) }
        defer { close(descriptor) }
        let written = data.withUnsafeBytes { raw -> Int in
            guard let base = raw.baseAddress else { return 0 }
            var total = 0
            while total < raw.count {
                let count = Foundation.write(descriptor, base + total, raw.count - total)
                if count <= 0 {
                    if errno == EINTR { continue }
                    break
                }
                total += count
            }
            return total
        }
        guard written == data.count else { throw Failure.cannotCreate(path, String(cString: strerror(errno))) }
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
