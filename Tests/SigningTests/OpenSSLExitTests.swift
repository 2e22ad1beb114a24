import CLibCrypto
import COpenSSLSetup
import Foundation
import Testing

/// A process exits while other threads use OpenSSL or are exiting — as every swgate process does
/// when it ends with Dispatch's pool, send threads or libcurl handles alive — and its exit status
/// is its own, not a crash in OpenSSL's cleanup at exit.
@Suite("OpenSSL at exit")
struct OpenSSLExitTests {
    @Test("OpenSSL was told before main to keep its state at exit")
    func toldBeforeMain() {
        #expect(swgate_openssl_exit_cleanup_disabled() == 1)
    }

    @Test("exiting while threads hash, draw random bytes and end leaves the exit status alone", arguments: 1...8)
    func exitWhileThreadsUseOpenSSL(round: Int) async {
        await #expect(processExitsWith: .success) {
            for _ in 0..<4 {
                Thread.detachNewThread {
                    while true {
                        // Short-lived threads, each leaving per-thread OpenSSL state to free as it ends.
                        Thread.detachNewThread {
                            var bytes = [UInt8](repeating: 0, count: 64)
                            var digest = [UInt8](repeating: 0, count: 32)
                            var length: UInt32 = 0
                            for _ in 0..<200 {
                                _ = RAND_bytes(&bytes, Int32(bytes.count))
                                _ = EVP_Digest(bytes, bytes.count, &digest, &length, EVP_sha256(), nil)
                            }
                        }
                        usleep(200)
                    }
                }
            }
            usleep(30_000)
            exit(0)
        }
    }
}
