import Foundation

extension BatchReader {
    /// How many records a JSON Lines batch holds (its non-blank lines), counted by scanning the
    /// bytes without parsing, so that progress can show a total; nil for a JSON document, whose
    /// records are known only once it is parsed, and for an unreadable file.
    public func recordCount() -> Int? {
        guard layout == .jsonLines, case .file(let url) = source, let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        var count = 0
        var lineHasContent = false
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            // Over the bytes in place: `for byte in chunk` goes through Data's iterator, a call a byte.
            chunk.withUnsafeBytes { raw in
                for byte in raw {
                    switch byte {
                    case 0x0A:
                        if lineHasContent { count += 1 }
                        lineHasContent = false
                    case 0x20, 0x09, 0x0D: break
                    default: lineHasContent = true
                    }
                }
            }
        }
        return count + (lineHasContent ? 1 : 0)
    }
}
