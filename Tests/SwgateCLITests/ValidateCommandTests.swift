import CEBMessages
import Foundation
import SwgateTestSupport
import Testing

@Suite("swgate validate")
struct ValidateCommandTests {
    @Test("all official samples are valid: exit 0")
    func samplesValid() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Fixtures.root.appendingPathComponent("samples").path)
            .filter { $0.hasSuffix(".xml") }.sorted()
            .map { Fixtures.root.appendingPathComponent("samples/\($0)").path }
        #expect(files.count == 16)
        let result = try SwgateProcess.run(["validate"] + files)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("16 files valid"))
    }

    @Test("a broken copy fails with exit 1 and FILE:LINE of the defect; other files still checked")
    func brokenCopy() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let original = String(decoding: try Fixtures.sample(.ceb411), as: UTF8.self)
        let defectLine = try #require(original.lineNumber(of: "<ceb:amountPaid>"))
        let broken = folder.appendingPathComponent("CEB411-broken.xml")
        try Data(original.replacingFirst("<ceb:amountPaid>19050</ceb:amountPaid>", with: "<ceb:amountPaid>19,050</ceb:amountPaid>").utf8)
            .write(to: broken)
        let good = Fixtures.sampleURL(.ceb311).path
        let result = try SwgateProcess.run(["validate", good, broken.path])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("\(broken.path):\(defectLine): "), "\(result.stdout)")
        #expect(result.stdout.contains("amountPaid"))
        #expect(!result.stdout.contains(good))
        #expect(result.stderr.contains("1 of 2 files invalid"))
    }

    @Test("unreadable, missing and non-XML files fail with exit 1 and a reason")
    func unreadable() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let text = folder.appendingPathComponent("notes.xml")
        try Data("hello, not XML".utf8).write(to: text)
        let result = try SwgateProcess.run(["validate", text.path, folder.appendingPathComponent("missing.xml").path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("\(text.path):1: "))
        #expect(result.stdout.contains("missing.xml:0: cannot read the file"))
    }

    @Test("usage errors exit 2")
    func usage() throws {
        #expect(try SwgateProcess.run(["validate"]).status == 2)
        #expect(try SwgateProcess.run(["validate", "--no-such-flag", "x.xml"]).status == 2)
    }
}
