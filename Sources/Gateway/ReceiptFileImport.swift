public import Foundation
import Outbox

/// Applies many receipt files: each group of files is read and parsed on every core while the
/// group before it is applied in one transaction, so a folder of receipts costs about the larger
/// of the two, not their sum. Files are applied in the order given.
public struct ReceiptFileImport {
    public let intake: ReceiptIntake
    /// Files per transaction (group commit: one fsync for the lot).
    public var groupSize: Int

    public init(intake: ReceiptIntake, groupSize: Int = 2_000) {
        self.intake = intake
        self.groupSize = max(1, groupSize)
    }

    /// Reads each file with `read`, applies every answer, and reports each file that is not a
    /// receipt to `refused` (counted, never fatal). Storage errors are thrown.
    public func run(
        _ files: [String], source: @escaping @Sendable (String) -> String, read: @escaping @Sendable (String) throws -> Data,
        refused: (String, any Error) -> Void
    ) throws -> ReceiptIntake.Counts {
        var counts = ReceiptIntake.Counts()
        // The first group is small and each next one twice the size, up to `groupSize`: nothing is
        // applied until the first group is parsed, and parsing a file costs less than applying
        // it, so each group is ready by the time the one before it is applied.
        var size = min(groupSize, 256)
        var start = 0
        var next: ParsedGroup? =
            files.isEmpty ? nil : ParsedGroup(Array(files[0..<min(size, files.count)]), intake: intake, source: source, read: read)
        while let group = next {
            start += group.files.count
            size = min(groupSize, size * 2)
            next =
                start < files.count
                ? ParsedGroup(Array(files[start..<min(start + size, files.count)]), intake: intake, source: source, read: read) : nil
            let parsed = group.wait()
            for (file, error) in parsed.refusals {
                counts.refused += 1
                refused(file, error)
            }
            counts.add(try intake.apply(parsed.answers))
            // The group's answers (thousands of strings and buffers) are freed on another thread,
            // not on the applying one, which is the intake's bottleneck.
            ParsedGroup.release(parsed)
        }
        return counts
    }
}

/// One group of files being read and parsed in the background, on every core but one.
final class ParsedGroup: @unchecked Sendable {  // each result slot is written by one reader; taken after the group is done
    /// A group's answers in file order, and the files refused with why.
    struct Parsed: @unchecked Sendable {  // errors are values handed over once, never shared
        var answers: [IncomingReceipt] = []
        var refusals: [(file: String, error: any Error)] = []
    }

    let files: [String]
    private var results: [Result<[IncomingReceipt], any Error>]
    private var parsed = Parsed()
    private let done = DispatchGroup()
    private let lock = NSLock()

    init(
        _ files: [String], intake: ReceiptIntake, source: @escaping @Sendable (String) -> String,
        read: @escaping @Sendable (String) throws -> Data
    ) {
        self.files = files
        results = Array(repeating: .success([]), count: files.count)
        done.enter()
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            // One core is left to the applying thread: it sets the pace, and parsing ahead on
            // every core would take CPU from it.
            let slices = max(1, min(files.count, ProcessInfo.processInfo.activeProcessorCount - 1))
            DispatchQueue.concurrentPerform(iterations: slices) { slice in
                var index = slice
                while index < files.count {
                    let file = files[index]
                    let result = Result { try intake.prepare(try read(file), source: source(file)) }
                    lock.lock()
                    results[index] = result
                    lock.unlock()
                    index += slices
                }
            }
            // Gathered here, not on the applying thread, which only takes the result.
            var parsed = Parsed()
            parsed.answers.reserveCapacity(files.count)
            for (file, result) in zip(files, results) {
                switch result {
                case .success(let answers): parsed.answers.append(contentsOf: answers)
                case .failure(let error): parsed.refusals.append((file, error))
                }
            }
            results = []
            self.parsed = parsed
            done.leave()
        }
    }

    /// Waits for the group and hands over its answers and refusals (the group keeps none).
    func wait() -> Parsed {
        done.wait()
        defer { parsed = Parsed() }
        return parsed
    }

    /// Frees `parsed` on a background thread: the block holds the last reference to it, and the
    /// queue releases the block there once it has run.
    static func release(_ parsed: consuming Parsed) {
        DispatchQueue.global(qos: .utility).async { [parsed] in withExtendedLifetime(parsed) {} }
    }
}
