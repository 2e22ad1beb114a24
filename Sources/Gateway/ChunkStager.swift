import Adapters
import Foundation
import ThreadSupport

/// Stages a submission's chunks on a thread of their own, one chunk at a time, while the
/// converting thread goes on with the next: the other core checks and writes a chunk while this
/// one converts. The staging thread also waits for the chunk's last validations, so the
/// converting thread never does. At most one chunk waits, so memory holds two chunks at most.
final class ChunkStager: @unchecked Sendable {  // `busy` and `failure` under `condition`; `stage` runs for one chunk at a time
    private let condition = NSCondition()
    private var busy = false
    private var failure: (any Error)?
    private let stage: ([ConvertedDocument], [DocumentPreparation.Prepared]) throws -> Void

    init(_ stage: @escaping ([ConvertedDocument], [DocumentPreparation.Prepared]) throws -> Void) {
        self.stage = stage
    }

    /// Hands a chunk over once the previous one is staged; rethrows what staging that one threw.
    func add(_ documents: [ConvertedDocument], prepared: DocumentPreparation.Sealed) throws {
        try waitForIdle()
        condition.lock()
        busy = true
        condition.unlock()
        NamedThread.start("swgate-stage", stackSize: 8 << 20) { [self] in
            var thrown: (any Error)?
            do {
                try stage(documents, prepared.wait())
            } catch {
                thrown = error
            }
            condition.lock()
            failure = failure ?? thrown
            busy = false
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Waits for the last chunk; rethrows what staging threw.
    func finish() throws {
        try waitForIdle()
    }

    private func waitForIdle() throws {
        condition.lock()
        defer { condition.unlock() }
        while busy { condition.wait() }
        if let failure { throw failure }
    }
}
