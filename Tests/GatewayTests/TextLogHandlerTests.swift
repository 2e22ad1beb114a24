import Foundation
@testable import HTTPServerSupport
import Logging
import Testing

@Suite("Text log lines")
struct TextLogHandlerTests {
    struct Refusal: Error, CustomStringConvertible {
        var description: String { "too large" }
    }

    @Test("a line has the time, level, label, metadata by key, source and message")
    func layout() {
        var handler = TextLogHandler(label: "swgate.receiver")
        handler[metadataKey: "hb.request.id"] = "7"
        handler[metadataKey: "listener"] = "receipts"
        let event = LogEvent(
            level: .warning, message: "refused", metadata: ["source": "127.0.0.1:5000", "listener": "push"], source: "ReceiptReceiver",
            file: #fileID, function: #function, line: #line)
        let line = handler.line(event, at: Date(timeIntervalSince1970: 0))
        let time = TextLogHandler.timestamp(Date(timeIntervalSince1970: 0))
        #expect(line == "\(time) warning swgate.receiver: hb.request.id=7 listener=push source=127.0.0.1:5000 [ReceiptReceiver] refused\n")
        #expect(time.hasPrefix("1970-01-0"))
    }

    @Test("an error is written as metadata, and a logger without metadata writes none")
    func errorAndBare() {
        let handler = TextLogHandler(label: "swgate.worker", logLevel: .debug)
        let bare = LogEvent(
            level: .info, message: "started", metadata: nil, source: "Gateway", file: #fileID, function: #function, line: #line)
        #expect(handler.line(bare, at: Date()).hasSuffix(" info swgate.worker: [Gateway] started\n"))
        let failed = LogEvent(
            level: .error, message: "not stored", error: Refusal(), metadata: nil, source: "Gateway", file: #fileID, function: #function,
            line: #line)
        #expect(
            handler.line(failed, at: Date()).contains(
                ": error.message=too large error.type=GatewayTests.TextLogHandlerTests.Refusal [Gateway]"))
    }
}
