#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension String {
    /// Whether any UTF-8 byte of the string matches, scanned over its contiguous bytes: iterating
    /// `utf8` calls through the collection protocols for every byte, and these scans run for
    /// every field written or read.
    @inlinable
    package func containsUTF8Byte(where matches: (UInt8) -> Bool) -> Bool {
        var contiguous = self
        return contiguous.withUTF8 { bytes in bytes.contains(where: matches) }
    }

    /// The UTF-8 offsets of the first `needle` at or after byte `start`, found with `memchr` and
    /// `memcmp`: Foundation's `range(of:)` bridges to NSString, and the standard library's generic
    /// search instantiates metadata on every call; this search runs for every signature.
    package func utf8Offsets(of needle: String, from start: Int = 0) -> Range<Int>? {
        var haystack = self
        var needle = needle
        return haystack.withUTF8 { bytes -> Range<Int>? in
            needle.withUTF8 { wanted -> Range<Int>? in
                guard let base = bytes.baseAddress, let target = wanted.baseAddress, let first = wanted.first, start >= 0 else {
                    return nil
                }
                var index = start
                let last = bytes.count - wanted.count
                while index <= last {
                    guard let found = memchr(base + index, Int32(first), last - index + 1) else { return nil }
                    index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + index, target, wanted.count) == 0 { return index..<(index + wanted.count) }
                    index += 1
                }
                return nil
            }
        }
    }
}
