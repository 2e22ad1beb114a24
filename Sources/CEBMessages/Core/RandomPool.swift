import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Bytes from the operating system's cryptographic random source, fetched a page at a time.
final class RandomPool: @unchecked Sendable {  // the buffer and position are read and written under `lock`
    static let shared = RandomPool()

    private let lock = NSLock()
    private var buffer = [UInt8](repeating: 0, count: 4096)
    private var position = 4096

    /// Sixteen fresh random bytes; never the same bytes twice.
    func sixteenBytes() -> uuid_t {
        lock.withLock {
            if position + 16 > buffer.count {
                refill()
                position = 0
            }
            defer { position += 16 }
            return buffer.withUnsafeBytes { raw in
                raw.loadUnaligned(fromByteOffset: position, as: uuid_t.self)
            }
        }
    }

    private func refill() {
        buffer.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            #if canImport(Glibc)
                // getrandom(2) is not in Swift's Glibc module; /dev/urandom is the same source.
                var filled = 0
                let descriptor = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
                if descriptor >= 0 {
                    defer { close(descriptor) }
                    while filled < raw.count {
                        let got = read(descriptor, base + filled, raw.count - filled)
                        if got > 0 {
                            filled += got
                        } else if got == 0 || errno != EINTR {
                            break
                        }
                    }
                }
                if filled < raw.count {
                    var generator = SystemRandomNumberGenerator()
                    for index in filled..<raw.count { raw[index] = UInt8.random(in: 0...255, using: &generator) }
                }
            #else
                arc4random_buf(base, raw.count)
            #endif
        }
    }
}
