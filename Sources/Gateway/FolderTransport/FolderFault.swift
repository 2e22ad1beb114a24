import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A crash injected at a chosen point of writing into the send folder, for the crash tests that
/// must kill a worker exactly between writing a file and naming it, or between naming it and
/// recording it: `SWGATE_FAULT_FOLDER=after-write:N` (or `after-rename:N`) makes the process
/// SIGKILL itself at that point of its N-th file. Unset, it does nothing.
struct FolderFault: Sendable {
    enum Point: String, Sendable {
        case afterWrite = "after-write"
        case afterRename = "after-rename"
    }

    static let none = FolderFault(point: nil, count: 0, counter: nil)

    /// From the environment, once per process.
    static let configured: FolderFault = {
        guard let text = ProcessInfo.processInfo.environment["SWGATE_FAULT_FOLDER"] else { return .none }
        let parts = text.split(separator: ":")
        guard let first = parts.first, let point = Point(rawValue: String(first)) else { return .none }
        let count = parts.count > 1 ? Int(parts[1]) ?? 1 : 1
        return FolderFault(point: point, count: count, counter: Counter())
    }()

    let point: Point?
    let count: Int
    let counter: Counter?

    func strike(at reached: Point) {
        guard reached == point, let counter, counter.next() >= count else { return }
        kill(getpid(), SIGKILL)
    }

    final class Counter: @unchecked Sendable {  // `value` is read and written under `lock`
        private let lock = NSLock()
        private var value = 0
        func next() -> Int {
            lock.withLock {
                value += 1; return value
            }
        }
    }
}
