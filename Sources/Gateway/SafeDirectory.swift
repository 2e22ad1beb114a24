public import Foundation
import Outbox

/// A folder opened once and used through its descriptor, so that nothing done inside it follows a
/// symbolic link or leaves it: entries are opened with `O_NOFOLLOW`, inspected with `lstat`
/// semantics, and moved with `renameat` between folders opened the same way.
///
/// File names are raw bytes: a name that is not UTF-8 is still listed, read and moved (Foundation's
/// directory listing cannot represent it), and ``display(_:)`` shows any name safely in a log line.
public final class SafeDirectory {
    public let path: String
    let descriptor: Int32

    /// Opens `path` as a folder; refuses a symbolic link or anything that is not a folder.
    public init(path: String) throws(SafeDirectoryError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw SafeDirectoryError(path: path, code: errno) }
        descriptor = fd
    }

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// What kind of entry a name is, without following a link.
    public enum Kind: Sendable, Equatable {
        case regular(size: Int, modified: Date)
        case directory
        case symbolicLink
        case other
        case missing
    }

    public func kind(of name: [UInt8]) -> Kind {
        var info = stat()
        let result = withName(name) { fstatat(descriptor, $0, &info, AT_SYMLINK_NOFOLLOW) }
        guard result == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            let modified = Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
            return .regular(size: Int(info.st_size), modified: modified)
        case S_IFDIR: return .directory
        case S_IFLNK: return .symbolicLink
        default: return .other
        }
    }

    /// The names in the folder (not `.` and `..`), as raw bytes.
    public func names() throws(SafeDirectoryError) -> [[UInt8]] {
        let copy = dup(descriptor)
        guard copy >= 0, let stream = fdopendir(copy) else {
            let code = errno
            throw SafeDirectoryError(path: path, code: code)
        }
        defer { closedir(stream) }
        rewinddir(stream)
        var names: [[UInt8]] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw -> [UInt8] in
                let bytes = raw.bindMemory(to: UInt8.self)
                return Array(bytes.prefix { $0 != 0 })
            }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            names.append(name)
        }
        return names
    }

    /// A subfolder, created (owner-only) when missing. A link, or anything else in its place, is refused.
    public func subfolder(_ name: String) throws(SafeDirectoryError) -> SafeDirectory {
        let bytes = Array(name.utf8)
        if kind(of: bytes) == .missing {
            let made = withName(bytes) { mkdirat(descriptor, $0, 0o700) }
            if made != 0, errno != EEXIST { throw SafeDirectoryError(path: path + "/" + name, code: errno) }
        }
        let fd = withName(bytes) { openat(descriptor, $0, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
        guard fd >= 0 else { throw SafeDirectoryError(path: path + "/" + name, code: errno) }
        return SafeDirectory(path: path + "/" + name, descriptor: fd)
    }

    /// Reads a regular file whole, refusing a link, a FIFO, a device or anything over `maxBytes` unread.
    public func read(_ name: [UInt8], maxBytes: Int) throws(ReceiptFileError) -> Data {
        let display = "\(path)/\(Self.display(name))"
        // O_NONBLOCK: a FIFO would otherwise wait for a writer; O_NOFOLLOW: a link is refused (ELOOP).
        let fd = withName(name) { openat(descriptor, $0, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW) }
        guard fd >= 0 else {
            let code = errno
            throw ReceiptFileError(path: display, reason: code == ELOOP ? "it is a symbolic link" : ReceiptFileReader.describe(code))
        }
        defer { close(fd) }
        return try ReceiptFileReader.read(descriptor: fd, path: display, maxBytes: maxBytes)
    }

    /// Moves `name` into `target` under `newName`, never replacing what is there (a numbered name
    /// is chosen instead) and never following a link. Returns the name it got.
    @discardableResult
    public func move(_ name: [UInt8], to target: SafeDirectory, as newName: [UInt8]? = nil) throws(SafeDirectoryError) -> [UInt8] {
        let base = Self.fitting(newName ?? name, reserve: 16)
        var candidate = base
        var counter = 1
        while true {
            // A hard link fails when the name is taken (EEXIST), so nothing is ever overwritten.
            let linked = withName(name) { from in withName(candidate) { to in linkat(descriptor, from, target.descriptor, to, 0) } }
            if linked == 0 {
                _ = withName(name) { unlinkat(descriptor, $0, 0) }
                return candidate
            }
            let code = errno
            if code == EEXIST {
                candidate = base + Array(".\(counter)".utf8)
                counter += 1
                continue
            }
            // No hard links here (another file system, or not permitted): rename when the name is free.
            if target.kind(of: candidate) != .missing {
                candidate = base + Array(".\(counter)".utf8)
                counter += 1
                continue
            }
            let renamed = withName(name) { from in withName(candidate) { to in renameat(descriptor, from, target.descriptor, to) } }
            guard renamed == 0 else { throw SafeDirectoryError(path: "\(path)/\(Self.display(name))", code: errno) }
            return candidate
        }
    }

    /// Creates a new owner-only file (never through a link, never over an existing one).
    public func create(_ name: [UInt8], contents: Data) throws(SafeDirectoryError) {
        let fd = withName(name) { openat(descriptor, $0, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600) }
        guard fd >= 0 else { throw SafeDirectoryError(path: "\(path)/\(Self.display(name))", code: errno) }
        defer { close(fd) }
        let written = contents.withUnsafeBytes { raw in raw.baseAddress.map { write(fd, $0, raw.count) } ?? 0 }
        guard written == contents.count else { throw SafeDirectoryError(path: "\(path)/\(Self.display(name))", code: errno) }
    }

    /// Whether the folder can take a file of `name` plus `suffix` (names are at most 255 bytes).
    static func fitting(_ name: [UInt8], reserve: Int) -> [UInt8] {
        let limit = 255 - reserve
        guard name.count > limit else { return name }
        // Keep the start (usually the message type and guid) and a digest of the whole name.
        let digest = String(SHA256.hex(Data(name)).prefix(12))
        return Array(name.prefix(limit - 13)) + Array("~\(digest)".utf8)
    }

    /// A name as it may appear in a log line or a message: printable UTF-8 as it is; control
    /// characters, and bytes that are not UTF-8, escaped (`\n`, `\x1b`), so that no name can
    /// forge a log line or drive a terminal.
    public static func display(_ name: [UInt8]) -> String {
        LogText.escaped(name)
    }

    private func withName<T>(_ name: [UInt8], _ body: (UnsafePointer<CChar>) -> T) -> T {
        var terminated = name.map { CChar(bitPattern: $0) }
        terminated.append(0)
        return body(terminated)
    }
}

/// A folder operation that failed, naming the path and the system's reason.
public struct SafeDirectoryError: Error, LocalizedError, Sendable {
    public var path: String
    public var code: Int32

    public var errorDescription: String? {
        switch code {
        case ELOOP: "\(path) is a symbolic link; swgate does not follow links in a watched folder (replace it with a real folder)"
        case ENOTDIR: "\(path) is not a folder (a file is in its place; move it away)"
        case ENOENT: "\(path) does not exist"
        case EACCES, EPERM: "\(path): permission denied"
        default: "\(path): \(String(cString: strerror(code)))"
        }
    }
}
