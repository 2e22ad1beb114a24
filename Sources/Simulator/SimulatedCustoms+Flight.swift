import Foundation

/// Documents in flight: a document whose transmission arrives while another transmission of it
/// is still being handled is one that two workers sent at once, which a shared outbox must never do.
extension SimulatedCustoms {
    /// A transmission of `documents` arrives: they are in flight (``begin(_:)``) and its faults
    /// are decided, in one visit to the actor.
    func arrive(_ documents: [String]) -> Faults {
        begin(documents)
        return faults()
    }

    /// Marks the documents of a transmission in flight; a document already in flight is recorded
    /// in ``concurrentTransmissions``.
    func begin(_ documents: [String]) {
        receivedDocuments.formUnion(documents)
        for guid in documents {
            let count = inFlight[guid, default: 0]
            if count > 0 { concurrentTransmissions.append(guid) }
            inFlight[guid] = count + 1
        }
    }

    /// The transmission of `documents` is answered.
    func end(_ documents: [String]) {
        for guid in documents {
            let count = inFlight[guid, default: 1] - 1
            inFlight[guid] = count > 0 ? count : nil
        }
    }

    /// The document guids of a CEB message: the text of every `guid` element (each head has one).
    nonisolated static func documentGuids(_ xml: Data) -> [String] {
        xml.withUnsafeBytes { raw in documentGuids(raw.bindMemory(to: UInt8.self)) }
    }

    nonisolated private static func documentGuids(_ bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        var guids: [String] = []
        guard let base = bytes.baseAddress else { return guids }
        let tag = Array("guid>".utf8)
        var index = 1
        // Every message a transmission carries is scanned: `memchr` finds each `g`, the rest is compared there.
        while index + tag.count < bytes.count,
            let found = memchr(base + index, Int32(tag[0]), bytes.count - tag.count - index)
        {
            index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            // An opening tag `<guid>` or `<ceb:guid>`: `guid>` preceded by `<` or `:`, not `/`.
            if memcmp(base + index, tag, tag.count) == 0,
                bytes[index - 1] == UInt8(ascii: "<") || bytes[index - 1] == UInt8(ascii: ":"),
                !(index > 1 && bytes[index - 2] == UInt8(ascii: "/"))
            {
                var isClosing = false
                var back = index - 1
                while back > 0, bytes[back] != UInt8(ascii: "<") { back -= 1 }
                if back + 1 < bytes.count, bytes[back + 1] == UInt8(ascii: "/") { isClosing = true }
                let start = index + tag.count
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: "<") { end += 1 }
                if !isClosing, end > start {
                    guids.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
                }
                index = end
                continue
            }
            index += 1
        }
        return guids
    }

    /// `value` as nine digits, zero-padded (customs' sequence numbers), without a format string.
    nonisolated static func nineDigits(_ value: Int) -> String {
        let digits = String(value)
        return digits.count >= 9 ? digits : String(repeating: "0", count: 9 - digits.count) + digits
    }
}
