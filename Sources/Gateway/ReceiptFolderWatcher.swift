public import Foundation
import Outbox

/// File-drop intake: takes complete receipt files out of a folder, applies them, and moves each one
/// to `done/` once its answers are committed, or to `quarantine/` with a `.err` note saying why.
///
/// A file counts as complete when its name does not mark it as in progress (a leading dot, `.tmp`,
/// `.part`) and it has not been modified for `settle` seconds — so a receipt still being copied in
/// is never read half-way. Answers are committed before the file moves: a crash in between leaves
/// the file in place, and taking it again is harmless because receipts are deduplicated by content.
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

    /// One pass over the folder.
    public func scan(now: Date = Date()) throws -> Pass {
        let manager = FileManager.default
        try manager.createDirectory(at: doneFolder, withIntermediateDirectories: true)
        try manager.createDirectory(at: quarantineFolder, withIntermediateDirectories: true)
        var pass = Pass()
        var taken: [(URL, [IncomingReceipt])] = []
        for file in try completeFiles(now: now) {
            do {
                let data = try ReceiptFileReader.read(file.path, maxBytes: maxBytes)
                taken.append((file, try intake.prepare(data, source: "file \(file.lastPathComponent)")))
            } catch {
                let reason = (error as? any LocalizedError)?.errorDescription ?? String(describing: error)
                try quarantine(file, reason: reason)
                pass.counts.refused += 1
                pass.quarantined += 1
                pass.notes.append("\(file.lastPathComponent): quarantined: \(reason)")
            }
            if taken.count >= 200 { try commit(&taken, into: &pass) }
        }
        try commit(&taken, into: &pass)
        return pass
    }

    private func commit(_ taken: inout [(URL, [IncomingReceipt])], into pass: inout Pass) throws {
        guard !taken.isEmpty else { return }
        pass.counts.add(try intake.apply(taken.flatMap(\.1)))
        for (file, _) in taken {
            try move(file, to: doneFolder)
            pass.done += 1
        }
        taken.removeAll(keepingCapacity: true)
    }

    /// Regular files directly in the folder that are finished being written, oldest name first.
    func completeFiles(now: Date) throws -> [URL] {
        let keys: [URLResourceKey] = [.isRegularFileKey, .contentModificationDateKey]
        let entries = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: keys)
        return try entries.filter { url in
            let name = url.lastPathComponent
            if name.hasPrefix(".") || name.hasSuffix(".tmp") || name.hasSuffix(".part") { return false }
            let values = try url.resourceValues(forKeys: Set(keys))
            guard values.isRegularFile == true else { return false }
            let modified = values.contentModificationDate ?? .distantPast
            return now.timeIntervalSince(modified) >= settle
        }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    private func quarantine(_ file: URL, reason: String) throws {
        let target = try move(file, to: quarantineFolder)
        try Data((reason + "\n").utf8).write(to: target.appendingPathExtension("err"), options: .atomic)
    }

    /// Moves a file into a folder without overwriting: a name already there gets a numbered suffix.
    @discardableResult
    private func move(_ file: URL, to directory: URL) throws -> URL {
        let manager = FileManager.default
        var target = directory.appendingPathComponent(file.lastPathComponent)
        var counter = 1
        while manager.fileExists(atPath: target.path) {
            target = directory.appendingPathComponent("\(file.deletingPathExtension().lastPathComponent).\(counter).\(file.pathExtension)")
            counter += 1
        }
        try manager.moveItem(at: file, to: target)
        return target
    }
}
