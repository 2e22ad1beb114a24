extension String {
    /// Whether any UTF-8 byte of the string matches, scanned over its contiguous bytes: iterating
    /// `utf8` calls through the collection protocols for every byte, and these scans run for
    /// every field written or read.
    @inlinable
    package func containsUTF8Byte(where matches: (UInt8) -> Bool) -> Bool {
        var contiguous = self
        return contiguous.withUTF8 { bytes in bytes.contains(where: matches) }
    }
}
