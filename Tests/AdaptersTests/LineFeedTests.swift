@testable import Adapters
import Foundation
import Testing

/// JSON Lines are split at line feeds found in the bytes, in data that may be a slice.
@Suite("JSON Lines: finding line feeds")
struct LineFeedTests {
    @Test(
        "the next line feed at or after a position, in a slice that does not start at zero",
        arguments: [("ab\ncd\n", 0, 2), ("ab\ncd\n", 3, 5), ("ab\ncd\n", 6, nil), ("\n", 0, 0), ("", 0, nil), ("abc", 1, nil)]
            as [(String, Int, Int?)])
    func lineFeed(text: String, from: Int, expected: Int?) {
        let padded = Data("xxxxx".utf8) + Data(text.utf8)
        let slice = padded[5...]
        #expect(slice.startIndex == 5)
        let found = BatchReader.lineFeed(in: slice, from: slice.startIndex + from)
        #expect(found.map { $0 - slice.startIndex } == expected)
    }

    @Test("blank lines and CRLF line ends are read as the records between them")
    func blankLinesAndCRLF() throws {
        let records = "{\"cancellation\": {}}\r\n\n  \n{\"cancellation\": {}}\n{\"cancellation\": {}}"
        let log = IssueLog(file: "t.jsonl")
        var count = 0
        try BatchReader(data: Data(records.utf8), layout: .jsonLines, log: log).forEach { _ in count += 1 }
        // Each line is a record (or a reported problem), never two lines read as one.
        #expect(count + Set(log.issues.map { (issue: PreflightIssue) in issue.record }).count == 3, "\(log.issues)")
    }
}
