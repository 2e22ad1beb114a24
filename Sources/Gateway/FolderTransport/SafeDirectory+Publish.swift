import Foundation

extension SafeDirectory {
    /// How ``publish(_:contents:temporary:)`` ended.
    enum Published: Equatable {
        case written
        /// A file of that name is there already; nothing was written.
        case alreadyThere
    }

    /// Puts a complete file under `name` so that a reader never sees it partial: written under the
    /// hidden `temporary` name (which readers skip), synced, linked to `name` — which fails rather
    /// than replace an existing file — the temporary name removed, and the folder synced so that
    /// the new name survives a power cut — unless `syncFolder` is false, when the caller syncs the
    /// folder once for several files (``sync()``) before it relies on them. Never follows a link.
    func publish(
        _ name: [UInt8], contents: Data, temporary: [UInt8], syncFolder: Bool = true, fault: FolderFault = .none
    ) throws(SafeDirectoryError) -> Published {
        if kind(of: name) != .missing { return .alreadyThere }
        // A temporary file left by a killed writer of this very message: ours to replace.
        _ = withCName(temporary) { unlinkat(descriptor, $0, 0) }
        let fd = withCName(temporary) { openat(descriptor, $0, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o640) }
        guard fd >= 0 else { throw SafeDirectoryError(path: "\(path)/\(Self.display(temporary))", code: errno) }
        var failure: Int32 = 0
        let written = contents.withUnsafeBytes { raw -> Int in
            var offset = 0
            while offset < raw.count, let base = raw.baseAddress {
                let count = write(fd, base + offset, raw.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return offset
                }
                offset += count
            }
            return offset
        }
        if written == contents.count, fsync(fd) != 0 { failure = errno }
        close(fd)
        if written != contents.count || failure != 0 {
            _ = withCName(temporary) { unlinkat(descriptor, $0, 0) }
            throw SafeDirectoryError(path: "\(path)/\(Self.display(temporary))", code: failure == 0 ? EIO : failure)
        }
        fault.strike(at: .afterWrite)
        let linked = withCName(temporary) { from in withCName(name) { to in linkat(descriptor, from, descriptor, to, 0) } }
        let code = errno
        _ = withCName(temporary) { unlinkat(descriptor, $0, 0) }
        if linked != 0 {
            if code == EEXIST { return .alreadyThere }
            throw SafeDirectoryError(path: "\(path)/\(Self.display(name))", code: code)
        }
        if syncFolder { try sync() }
        fault.strike(at: .afterRename)
        return .written
    }

    /// Makes the folder's entries durable (names created, renamed, removed).
    func sync() throws(SafeDirectoryError) {
        guard fsync(descriptor) == 0 else { throw SafeDirectoryError(path: path, code: errno) }
    }

    /// Free bytes for an unprivileged writer on the folder's file system.
    func freeBytes() -> Int64? {
        var info = statvfs()
        guard fstatvfs(descriptor, &info) == 0 else { return nil }
        return Int64(info.f_bavail) * Int64(info.f_frsize)
    }

    /// Removes `name` (not a folder, never through a link); true when it was there.
    @discardableResult
    func remove(_ name: [UInt8]) -> Bool {
        withCName(name) { unlinkat(descriptor, $0, 0) } == 0
    }

    func withCName<T>(_ name: [UInt8], _ body: (UnsafePointer<CChar>) -> T) -> T {
        var terminated = name.map { CChar(bitPattern: $0) }
        terminated.append(0)
        return body(terminated)
    }
}
