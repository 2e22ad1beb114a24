import Foundation
import SwgateTestSupport
import Testing

/// The executables are linked with TCMalloc so that every allocation — Swift's, libxml2's,
/// SQLite's, libcurl's — goes to it rather than to glibc's malloc (docs/performance.md says why).
/// Linking alone is not enough: the dynamic linker must resolve `malloc` to TCMalloc, which it
/// does only when the library comes before libc in the executable's search order.
@Suite("the memory allocator")
struct AllocatorTests {
    #if os(Linux)
        @Test("swgate resolves malloc and free to TCMalloc, not to glibc")
        func mallocIsTCMalloc() throws {
            let result = try SwgateProcess.run(["--version"], environment: ["LD_DEBUG": "bindings"])
            #expect(result.status == 0)
            let bindings = result.stderr.split(separator: "\n").filter { $0.contains("binding file") }
            for symbol in ["malloc", "free"] {
                let resolved = bindings.filter { $0.contains("normal symbol `\(symbol)'") }
                #expect(!resolved.isEmpty, "the dynamic linker reported no binding of \(symbol)")
                #expect(resolved.allSatisfy { $0.contains("libtcmalloc_minimal") }, "\(resolved.prefix(3))")
            }
        }
    #endif
}
