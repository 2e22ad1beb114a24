import Foundation
import Gateway
import SwgateTestSupport
import Testing

@Suite("Reading receipt files")
struct ReceiptFileReaderTests {
    @Test("a file is read whole, byte for byte, and an empty one is empty")
    func readsWhole() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-read")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        // Larger than one read is likely to return, with every byte value.
        let bytes = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let path = folder.appendingPathComponent("r.xml").path
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(try ReceiptFileReader.read(path) == bytes)
        let empty = folder.appendingPathComponent("empty.xml").path
        try Data().write(to: URL(fileURLWithPath: empty))
        #expect(try ReceiptFileReader.read(empty).isEmpty)
    }

    @Test("a file over the limit, a missing file, a folder and a FIFO are refused, each naming the path and why")
    func refusals() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-read")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let path = folder.appendingPathComponent("big.xml").path
        try Data(count: 2_049).write(to: URL(fileURLWithPath: path))
        #expect(try ReceiptFileReader.read(path, maxBytes: 2_049).count == 2_049)
        let big = #expect(throws: ReceiptFileError.self) { try ReceiptFileReader.read(path, maxBytes: 2_048) }
        #expect(big?.localizedDescription == "cannot read \(path): it is 2049 bytes, over the 2048-byte limit")
        let missing = folder.appendingPathComponent("missing.xml").path
        let absent = #expect(throws: ReceiptFileError.self) { try ReceiptFileReader.read(missing) }
        #expect(absent?.localizedDescription == "cannot read \(missing): it does not exist")
        let directory = #expect(throws: ReceiptFileError.self) { try ReceiptFileReader.read(folder.path) }
        #expect(directory?.reason == "it is not a regular file")
        // A FIFO with no writer: refused at once, not waited on.
        let fifo = folder.appendingPathComponent("pipe.xml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let pipe = #expect(throws: ReceiptFileError.self) { try ReceiptFileReader.read(fifo) }
        #expect(pipe?.reason == "it is not a regular file")
    }
}
