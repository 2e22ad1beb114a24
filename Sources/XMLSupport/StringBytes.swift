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

    /// The UTF-8 offsets of the first `needle` at or after byte `start`: Foundation's
    /// `range(of:)` bridges to NSString, and the standard library's generic search instantiates
    /// metadata on every call; this search runs for every signature.
    package func utf8Offsets(of needle: String, from start: Int = 0) -> Range<Int>? {
        var haystack = self
        var needle = needle
        return haystack.withUTF8 { bytes in needle.withUTF8 { wanted in bytes.offsets(of: wanted, from: start) } }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The offsets of the first `needle` at or after `start`, found with `memchr` on the needle's
    /// byte at `anchor` and `memcmp` around it. A caller whose needle starts with a byte common
    /// in its text (`<` in XML) anchors on a rarer one.
    package func offsets(of needle: UnsafeBufferPointer<UInt8>, from start: Int = 0, anchor: Int = 0) -> Range<Int>? {
        guard let base = baseAddress, let target = needle.baseAddress, needle.indices.contains(anchor), start >= 0 else { return nil }
        let last = count - needle.count
        var index = start
        while index <= last {
            guard let found = memchr(base + index + anchor, Int32(needle[anchor]), last - index + 1) else { return nil }
            index = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) - anchor
            if memcmp(base + index, target, needle.count) == 0 { return index..<(index + needle.count) }
            index += 1
        }
        return nil
    }
}
