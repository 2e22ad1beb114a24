import Foundation

/// The byte-level look-ups the checks before parsing share (``PrologScanner``, ``StructureScanner``).
extension UnsafeBufferPointer where Element == UInt8 {
    /// The index of the next `byte` at or after `start` (memchr), or nil.
    func index(of byte: UInt8, from start: Int) -> Int? {
        guard start < count, let base = baseAddress else { return nil }
        guard let found = memchr(base + start, Int32(byte), count - start) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// Whether `literal` stands at `index`.
    func matches(_ literal: StaticString, at index: Int) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard index >= 0, index + length <= count else { return false }
        let start = literal.utf8Start
        for offset in 0..<length where self[index + offset] != start[offset] {
            return false
        }
        return true
    }

    /// The index just past the next `terminator` at or after `start`, or the end.
    func index(past terminator: StaticString, from start: Int) -> Int {
        let first = terminator.utf8Start[0]
        var index = start
        while let candidate = self.index(of: first, from: index) {
            if matches(terminator, at: candidate) { return candidate + terminator.utf8CodeUnitCount }
            index = candidate + 1
        }
        return count
    }

    /// The 1-based line of `index`.
    func line(at index: Int) -> Int {
        var line = 1
        for position in 0..<Swift.min(index, count) where self[position] == 0x0A { line += 1 }
        return line
    }
}
