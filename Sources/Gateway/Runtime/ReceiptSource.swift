import Adapters
import Foundation
import Outbox

/// One way customs' receipts come in for a worker: its endpoint polled, the E-Port client's
/// receive folder, a time cursor. The worker takes each in on a thread of its own (`swgate run`)
/// or in each round (`swgate send --once`), and reports failures the same way for all.
struct ReceiptSource: Sendable {
    let name: String
    /// The pause after a poll that brought nothing.
    let idle: TimeInterval
    /// The operator's line when polling starts failing (the error), and when it works again (nil).
    let failure: @Sendable ((any Error)?) -> String
    let poll: @Sendable () throws -> ReceiptIntake.Counts

    /// Every source `settings` asks for.
    static func all(
        settings: DispatchSettings, store: SQLOutbox, archive: Bool, idle: TimeInterval, report: @escaping @Sendable (String) -> Void
    ) throws -> [ReceiptSource] {
        func intake() -> ReceiptIntake { ReceiptIntake(store: store, acceptanceStatus: settings.acceptanceStatus, archive: archive) }
        var sources: [ReceiptSource] = []
        if let url = settings.receiptsURL {
            let poller = try ReceiptPoller(url: url, intake: intake(), http: settings.http)
            sources.append(ReceiptSource(name: "swgate-poll", idle: idle, failure: Worker.pollReport) { try poller.poll() })
        }
        if let folder = settings.folder, let receive = folder.receive {
            let watcher = ReceiptFolderWatcher(folder: receive, intake: intake(), settle: folder.receiveSettle)
            sources.append(
                ReceiptSource(
                    name: "swgate-folder", idle: max(idle, 0.05),
                    failure: { error in
                        error.map { "the receive folder cannot be read (will keep trying): \($0.localizedDescription)" }
                            ?? "the receive folder can be read again"
                    }
                ) {
                    let pass = try watcher.scan()
                    for note in pass.notes { report("receive folder: \(note)") }
                    return pass.counts
                })
        }
        if let url = settings.receiptsByTimeURL {
            let poller = try TimeCursorPoller(url: url, dxpID: settings.senderID, intake: intake(), store: store, http: settings.http)
            sources.append(
                ReceiptSource(name: "swgate-timepoll", idle: max(idle, 0.2), failure: Worker.pollReport) { try poller.poll() })
        }
        return sources
    }
}

extension ReceiptIntake.Counts {
    /// Receipts taken in: applied, duplicates, or kept unmatched.
    var taken: Int { applied + duplicates + unmatched }
}
