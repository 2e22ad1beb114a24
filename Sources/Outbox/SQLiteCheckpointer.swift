import CSQLite
import Foundation
import ThreadSupport

/// Copies the write-ahead log back into the database file on a thread (and connection) of its
/// own, so that the thread that commits never does it.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses its threshold: that commit
/// writes tens of megabytes into the database and waits for their fsync before it returns, and
/// the receipt intake or the dispatcher stalls meanwhile. Here the
/// committing connection's WAL hook only wakes this thread, which runs a `PASSIVE` checkpoint:
/// it copies what no reader still needs, never blocks a writer or a reader, and lets the next
/// writer start the log again from the beginning once everything is copied back.
///
/// Should the log still grow past ``inlinePages`` — a reader holding an old snapshot, or a
/// checkpoint that cannot keep up — the committing connection checkpoints itself, as SQLite
/// would have. Durability is SQLite's either way: a checkpoint only copies committed pages.
final class SQLiteCheckpointer: @unchecked Sendable {  // its state is read and written under `condition`
    /// Pages in the log (4 KiB each) from which a commit wakes the checkpointer: 64 MiB by
    /// default. A page that changes several times between two checkpoints — a message's row as it
    /// is claimed, sent and answered, the index pages around it — is copied back once, so a longer
    /// log copies fewer pages in all.
    let wakePages: Int
    /// Pages in the log from which the committing connection checkpoints by itself.
    let inlinePages: Int
    private let path: String
    // `wanted`, `stopping`, `running`, `completed` are guarded by `condition`.
    private let condition = NSCondition()
    private var wanted = false
    private var stopping = false
    private var running = false
    private var completedCount = 0

    init(path: String, wakePages: Int = 16_000, inlinePages: Int = 64_000) {
        self.path = path
        self.wakePages = max(1, wakePages)
        self.inlinePages = max(self.wakePages, inlinePages)
    }

    /// Checkpoints this thread has finished (each may have copied part of the log only).
    var completed: Int {
        condition.lock()
        defer { condition.unlock() }
        return completedCount
    }

    /// Called by the WAL hook after each commit with the pages now in the log. Starts the
    /// thread the first time it is needed (most commands never write that much).
    func committed(walPages: Int) {
        guard walPages >= wakePages else { return }
        condition.lock()
        defer { condition.unlock() }
        guard !stopping else { return }
        wanted = true
        if !running {
            running = true
            NamedThread.start("swgate-wal-ckpt") { [self] in loop() }
        }
        condition.broadcast()
    }

    /// Stops the thread, after the checkpoint under way (if any); the connection closes then.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while running { condition.wait() }
        condition.unlock()
    }

    private func loop() {
        // Its own connection: a connection is used by one thread at a time, and the committing
        // one is the store's. Without one (the file went away), commits checkpoint inline.
        var connection = try? SQLiteConnection(path: path)
        // A connection opens the log only when it first reads; a checkpoint before that does nothing.
        if (try? connection?.query("SELECT COUNT(*) FROM sqlite_master")) == nil { connection = nil }
        condition.lock()
        while true {
            while !wanted && !stopping { condition.wait() }
            if stopping || connection == nil { break }
            wanted = false
            condition.unlock()
            connection?.checkpointPassive()
            condition.lock()
            completedCount += 1
        }
        running = false
        condition.broadcast()
        condition.unlock()
    }
}
