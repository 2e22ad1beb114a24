public import Foundation
public import Outbox

/// Rebuilds every document's customs status in a fresh copy of an outbox from its raw receipt
/// archive, in arrival order — for integrators testing their systems, and for checking that the
/// statuses an outbox holds are exactly what its receipts say. The same archive always gives the
/// same statuses: receipts are applied by precedence, and duplicates count once.
public enum ReceiptReplay {
    public static func run(from source: SQLOutbox, into directory: URL, acceptanceStatus: String = "2") throws -> (
        store: SQLOutbox, counts: ReceiptIntake.Counts
    ) {
        let copy = try source.replayCopy(into: directory)
        // The copy already holds the archive: apply without archiving again.
        let intake = ReceiptIntake(store: copy, acceptanceStatus: acceptanceStatus, archive: false)
        var counts = ReceiptIntake.Counts()
        var cursor = SQLOutbox.ArchiveCursor()
        while true {
            let page = try copy.rawReceipts(after: cursor, limit: 500)
            if page.bodies.isEmpty { break }
            var batch: [IncomingReceipt] = []
            for body in page.bodies {
                do {
                    batch += try intake.prepare(body, source: "replay")
                } catch {
                    counts.refused += 1
                }
            }
            counts.add(try intake.apply(batch))
            cursor = page.next
        }
        return (copy, counts)
    }
}
