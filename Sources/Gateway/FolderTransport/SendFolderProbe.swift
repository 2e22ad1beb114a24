public import Adapters
public import Foundation

/// Looks at the send folder before a round and for `status`, `/metrics` and `/healthz`: can it take
/// files (there, writable, enough free space), and does the client pick them up (how many message
/// files wait, and since when). Also removes temporary files that killed writers left behind.
public struct SendFolderProbe: Sendable {
    public let settings: FolderTransportSettings

    public init(settings: FolderTransportSettings) { self.settings = settings }

    public struct Report: Sendable, Hashable {
        /// Why no message can be written now (missing, not writable, full); nil when they can.
        public var blocked: String?
        /// Message files waiting for the client, and how long the oldest has waited.
        public var waiting = 0
        public var oldestWaiting: TimeInterval?
        public var freeBytes: Int64?
        /// The oldest file has waited longer than `pickupWithin`: the client is not picking up.
        public var clientDown = false
        /// What an operator should read: the blocking reason, the pickup alert.
        public var problems: [String] {
            var lines: [String] = []
            if let blocked { lines.append("the send folder cannot take messages: \(blocked)") }
            if clientDown {
                lines.append(
                    "the E-Port client is not picking up: \(waiting) message file\(waiting == 1 ? "" : "s") in the send folder, the oldest for \(Int(oldestWaiting ?? 0)) s"
                )
            }
            return lines
        }
    }

    /// - Parameter staleAfter: temporary files older than this are a killed writer's, removed
    ///   (nil: look only, as `status` does).
    public func check(now: Date = Date(), writeTest: Bool = true, staleAfter: TimeInterval? = nil) -> Report {
        var report = Report()
        let folder: SafeDirectory
        do {
            folder = try SafeDirectory(path: settings.send.path)
        } catch {
            report.blocked = error.localizedDescription
            return report
        }
        report.freeBytes = folder.freeBytes()
        if let free = report.freeBytes, free < settings.minFreeBytes {
            report.blocked =
                "\(free / 1_048_576) MiB free in \(settings.send.path), below the \(settings.minFreeBytes / 1_048_576) MiB kept free (transport.minFreeBytes)"
        }
        if writeTest, report.blocked == nil {
            let probe = Array(".swgate-probe-\(getpid())".utf8)
            do {
                folder.remove(probe)
                try folder.create(probe, contents: Data())
                folder.remove(probe)
            } catch {
                report.blocked = "not writable: \(error.localizedDescription)"
            }
        }
        guard let names = try? folder.names() else { return report }
        for name in names {
            guard case .regular(_, let modified) = folder.kind(of: name) else { continue }
            if name.first == UInt8(ascii: ".") {
                if let staleAfter, name.ends(with: ".swgate-tmp"), now.timeIntervalSince(modified) > staleAfter { folder.remove(name) }
                continue
            }
            guard name.ends(with: ".xml") else { continue }
            report.waiting += 1
            let age = max(0, now.timeIntervalSince(modified))
            report.oldestWaiting = max(report.oldestWaiting ?? 0, age)
        }
        report.clientDown = (report.oldestWaiting ?? 0) > settings.pickupWithin
        return report
    }
}

/// The latest ``SendFolderProbe/Report`` of a worker's dispatcher, for `/healthz` and `/metrics`.
public final class SendFolderState: @unchecked Sendable {  // `report` is read and written under `lock`
    private let lock = NSLock()
    private var report: SendFolderProbe.Report?
    private var taken = Date.distantPast

    public init() {}

    public var latest: SendFolderProbe.Report? { lock.withLock { report } }

    func update(_ new: SendFolderProbe.Report, at now: Date) {
        lock.withLock {
            report = new
            taken = now
        }
    }

    /// When the last report was taken.
    var takenAt: Date { lock.withLock { taken } }
}
