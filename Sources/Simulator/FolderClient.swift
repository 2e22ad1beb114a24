public import Foundation
import SyntheticData

/// The simulator's folder mode: it plays the E-Port client and customs behind it. It takes
/// complete message files from the client's send folder (skipping hidden and temporary names, as
/// the client does), removes them as the client does once it has them, hands them to customs, and
/// drops customs' receipts into the receive folder when they are due — each written under a hidden
/// name and renamed into place. Faults: a slow pickup, duplicated and reordered receipts (the
/// simulator's own options), and now and then a garbage file among the receipts.
public struct FolderClientConfiguration: Sendable {
    /// The client's send folder (swgate writes here).
    public var inbox: URL
    /// The client's receive folder (swgate takes receipts from here).
    public var outbox: URL
    /// A file is picked up only once it is this old.
    public var pickupDelay: TimeInterval = 0
    /// Chance, each time receipts are dropped, of a garbage file among them.
    public var garbageRate = 0.0
    /// How often the folders are looked at.
    public var interval: TimeInterval = 0.05

    public init(inbox: URL, outbox: URL) {
        self.inbox = inbox
        self.outbox = outbox
    }
}

struct FolderClient: Sendable {
    let customs: SimulatedCustoms
    let configuration: FolderClientConfiguration

    func run() async {
        var delivered = 0
        var garbage = 0
        var random = SeededRandom(seed: 22)
        try? FileManager.default.createDirectory(at: configuration.outbox, withIntermediateDirectories: true)
        while !Task.isCancelled {
            for file in pickable(now: Date()) {
                guard let body = try? Data(contentsOf: file) else { continue }
                try? FileManager.default.removeItem(at: file)
                let decided = await customs.faults()
                let prepared = customs.prepare(body, sequence: decided.sequence)
                _ = await customs.accept(prepared, fail: decided.fail, hold: 0, now: Date())
            }
            let due = await customs.due(after: delivered, limit: 1_000, now: Date())
            for receipt in due {
                drop(receipt.xml, as: "receipt-\(receipt.id).xml")
                delivered = max(delivered, receipt.id)
            }
            if !due.isEmpty, configuration.garbageRate > 0, Double(random.next() % 10_000) / 10_000 < configuration.garbageRate {
                garbage += 1
                drop(Data("\u{0}\u{1}not a receipt \(garbage)".utf8), as: "garbage-\(garbage).xml")
            }
            try? await Task.sleep(for: .milliseconds(Int(configuration.interval * 1000)))
        }
    }

    /// Complete message files old enough to pick up, oldest name first.
    func pickable(now: Date) -> [URL] {
        let keys: Set<URLResourceKey> = [.isRegularFileKey, .contentModificationDateKey]
        let entries =
            (try? FileManager.default.contentsOfDirectory(
                at: configuration.inbox, includingPropertiesForKeys: Array(keys), options: [.skipsHiddenFiles])) ?? []
        return entries.filter { url in
            guard url.pathExtension == "xml", let values = try? url.resourceValues(forKeys: keys), values.isRegularFile == true else {
                return false
            }
            return now.timeIntervalSince(values.contentModificationDate ?? now) >= configuration.pickupDelay
        }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    private func drop(_ data: Data, as name: String) {
        let temporary = configuration.outbox.appendingPathComponent(".\(name).tmp")
        try? data.write(to: temporary)
        try? FileManager.default.moveItem(at: temporary, to: configuration.outbox.appendingPathComponent(name))
    }
}
