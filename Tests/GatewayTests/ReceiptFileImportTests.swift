import CEBMessages
import Foundation
import Gateway
import Outbox
import SwgateTestSupport
import Testing

@Suite("Receipt file import in growing groups")
struct ReceiptFileImportTests {
    @Test("1,000 files over groups of 256, 300, 300 and 144: every answer taken once, every bad file reported once, in file order")
    func everyFileOnce() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-file-import")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let store = try SQLOutbox(directory: folder.appendingPathComponent("outbox"))
        // In memory: file names stand for their contents. Every 7th file is not a receipt.
        var contents: [String: Data] = [:]
        var files: [String] = []
        for index in 0..<1_000 {
            let name = "r\(index).xml"
            files.append(name)
            contents[name] =
                index % 7 == 3
                ? Data("not xml \(index)".utf8)
                : CEB312Message(returns: [
                    OrderReturn(
                        guid: CEBGuid.stable("import-\(index)"), ebpCode: "3301960XYZ", ebcCode: "3301960XYZ", orderNo: "ORDER\(index)",
                        returnStatus: "120", returnTime: "20261125103000000", returnInfo: "answer \(index)"
                    )
                ]).xmlData()
        }
        let snapshot = contents
        var refused: [String] = []
        let counts = try ReceiptFileImport(intake: ReceiptIntake(store: store), groupSize: 300).run(
            files, source: { $0 },
            read: { name in
                guard let data = snapshot[name] else { throw CocoaError(.fileNoSuchFile) }
                return data
            }
        ) { file, _ in refused.append(file) }
        let bad = files.enumerated().filter { $0.offset % 7 == 3 }.map(\.element)
        #expect(refused == bad, "each bad file reported once, in order")
        #expect(counts.refused == bad.count)
        // No document is in this outbox: every answer waits, once.
        #expect(counts.unmatched == files.count - bad.count)
        #expect(counts.applied == 0 && counts.duplicates == 0)
        #expect(try store.unmatchedReceipts(limit: 2_000).count == files.count - bad.count)
    }
}
