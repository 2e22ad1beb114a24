public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Starts threads under a name the operating system shows — in `top -H`, `ps -L`, `perf` and a
/// debugger — so that an operator can tell which of a worker's threads is busy.
///
/// On Linux, Foundation passes a thread's name to the kernel only when it is set after the thread
/// has started, and a name the new thread sets for itself may come too early for that: the
/// thread keeps the name of the one that started it (often libdispatch's `…root.default-qos`).
/// Here the thread writes its name into `/proc/thread-self/comm` itself. The kernel keeps at most
/// ``limit`` bytes (`pthread_setname_np` refuses a longer name, a write is cut at any byte), so
/// names are cut here first, never inside a character.
public enum NamedThread {
    /// The most the kernel keeps of a thread's name, in bytes.
    public static let limit = 15

    /// Starts `body` on a new thread called `name` (cut to ``limit`` bytes).
    @discardableResult
    public static func start(_ name: String, stackSize: Int? = nil, _ body: @escaping @Sendable () -> Void) -> Thread {
        let name = fitted(name)
        let thread = Thread {
            nameCurrentThread(name)
            body()
        }
        thread.name = name
        if let stackSize { thread.stackSize = stackSize }
        thread.start()
        return thread
    }

    /// `name`'s first ``limit`` bytes, never ending inside a character.
    public static func fitted(_ name: String) -> String {
        var bytes = Array(name.utf8.prefix(limit))
        while !bytes.isEmpty, String(validating: bytes, as: UTF8.self) == nil { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Gives the calling thread `name` as the kernel knows it (best effort: a thread without a
    /// name still runs).
    private static func nameCurrentThread(_ name: String) {
        #if os(Linux)
            let file = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
            guard file >= 0 else { return }
            defer { close(file) }
            _ = name.withCString { write(file, $0, strlen($0)) }
        #else
            Thread.current.name = name
        #endif
    }
}
