public import Foundation
import Outbox

/// File-drop intake: takes complete receipt files out of a folder, applies them, and moves each one
/// to `done/` once its answers are committed, or to `quarantine/` with a `.err` note saying why.
///
/// A file counts as complete when its name does not mark it as in progress (a leading dot, `.tmp`,
/// `.part`) and it has not been modified for `settle` seconds — so a receipt still being copied in
/// is never read half-way. Answers are committed before the file moves: a crash in between leaves
/// the file in place, and taking it again is harmless because receipts are deduplicated by content.
///
/// Whoever can write into the folder may be hostile. Everything goes through ``SafeDirectory``:
/// no link is followed (a `done/` or `quarantine/` that is a link stops the watcher with an error;
/// a link among the files is quarantined), names are bytes (one that is not UTF-8 is handled like
/// any other, and shown escaped), a name too long for its `.err` note is shortened, and one bad
/// entry never stops the rest of the folder.
public struct ReceiptFolderWatcher: Sendable {
    public struct Pass: Sendable, Hashable {
        public var counts = ReceiptIntake.Counts()
        public var done = 0
        public var quarantined = 0
        public var notes: [String] = []
    }

    public let folder: URL
    public let settle: TimeInterval
    public let maxBytes: Int
    let intake: ReceiptIntake

    public init(folder: URL, intake: ReceiptIntake, settle: TimeInterval = 1, maxBytes: Int = ReceiptFileReader.defaultMaxBytes) {
        self.folder = folder
        self.intake = intake
        self.settle = settle
        self.maxBytes = maxBytes
    }

    public var doneFolder: URL { folder.appendingPathComponent("done", isDirectory: true) }
    public var quarantineFolder: URL { folder.appendingPathComponent("quarantine", isDirectory: true) }

    /// The watched folder and its two subfolders, opened without following links.
    struct Folders {
        let inbox: SafeDirectory
        let done: SafeDirectory
        let quarantine: SafeDirectory
    }

    /// One pass over the folder. Throws only when the folder itself (or `done/`, `quarantine/`)
    /// cannot be used safely; a bad file is quarantined and named in ``Pass/notes``.
    public func scan(now: Date = Date()) throws -> Pass {
        var pass = Pass()
        let folders = try open(&pass, now: now)
        var taken: [([UInt8], [IncomingReceipt])] = []
        for name in try completeFiles(folders.inbox, now: now, pass: &pass) {
            let shown = SafeDirectory.display(name)
            do {
                let data = try folders.inbox.read(name, maxBytes: maxBytes)
                taken.append((name, try intake.prepare(data, source: "file \(shown)")))
            } catch {
                let reason = LogText.escaped((error as? any LocalizedError)?.errorDescription ?? String(describing: error))
                do {
                    try quarantine(name, reason: reason, folders)
                    pass.notes.append("\(shown): quarantined: \(reason)")
                } catch {
                    pass.notes.append("\(shown): left in place, cannot quarantine: \(LogText.escaped(error.localizedDescription))")
                }
                pass.counts.refused += 1
                pass.quarantined += 1
            }
            if taken.count >= 200 { try commit(&taken, into: &pass, folders) }
        }
        try commit(&taken, into: &pass, folders)
        return pass
    }

    /// Opens the folders. A plain file where `done` or `quarantine` belongs is moved aside (and
    /// then taken like any other file); a link or anything else there is refused.
    func open(_ pass: inout Pass, now: Date) throws -> Folders {
        let inbox = try SafeDirectory(path: folder.path)
        for name in ["done", "quarantine"] {
            switch inbox.kind(of: Array(name.utf8)) {
            case .regular:
                let aside = try inbox.move(
                    Array(name.utf8), to: inbox, as: Array("\(name).displaced-\(Int(now.timeIntervalSince1970))".utf8))
                pass.notes.append("\(name): a file stood where the \(name)/ folder belongs; renamed to \(SafeDirectory.display(aside))")
            case .symbolicLink:
                throw SafeDirectoryError(path: folder.appendingPathComponent(name).path, code: ELOOP)
            case .other:
                throw SafeDirectoryError(path: folder.appendingPathComponent(name).path, code: ENOTDIR)
            case .directory, .missing:
                break
            }
        }
        return Folders(inbox: inbox, done: try inbox.subfolder("done"), quarantine: try inbox.subfolder("quarantine"))
    }

    private func commit(_ taken: inout [([UInt8], [IncomingReceipt])], into pass: inout Pass, _ folders: Folders) throws {
        guard !taken.isEmpty else { return }
        pass.counts.add(try intake.apply(taken.flatMap(\.1)))
        for (name, _) in taken {
            do {
                try folders.inbox.move(name, to: folders.done)
                pass.done += 1
            } catch {
                // Applied already; taking it again later changes nothing.
                pass.notes.append(
                    "\(SafeDirectory.display(name)): applied, but cannot move to done/: \(LogText.escaped(error.localizedDescription))")
            }
        }
        taken.removeAll(keepingCapacity: true)
    }

    /// Entries directly in the folder that are finished being written, oldest name first. Links,
    /// FIFOs and devices are quarantined; folders (including done/ and quarantine/) are skipped.
    func completeFiles(_ inbox: SafeDirectory, now: Date, pass: inout Pass) throws -> [[UInt8]] {
        var complete: [[UInt8]] = []
        for name in try inbox.names() {
            if name.first == UInt8(ascii: ".") || name.ends(with: ".tmp") || name.ends(with: ".part") { continue }
            switch inbox.kind(of: name) {
            case .regular(_, let modified):
                if now.timeIntervalSince(modified) >= settle { complete.append(name) }
            case .symbolicLink, .other:
                complete.append(name)  // read refuses it with the reason, and it is quarantined
            case .directory, .missing:
                continue
            }
        }
        return complete.sorted { $0.lexicographicallyPrecedes($1) }
    }

    private func quarantine(_ name: [UInt8], reason: String, _ folders: Folders) throws {
        let target = try folders.inbox.move(name, to: folders.quarantine)
        try folders.quarantine.create(target + Array(".err".utf8), contents: Data((reason + "\n").utf8))
    }
}

extension Array where Element == UInt8 {
    func ends(with suffix: String) -> Bool {
        let tail = Array(suffix.utf8)
        return count >= tail.count && Array(self[(count - tail.count)...]) == tail
    }
}
