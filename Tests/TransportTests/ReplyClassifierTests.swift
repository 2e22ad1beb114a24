import Foundation
import Testing
import Transport

@Suite("Reply classification")
struct ReplyClassifierTests {
    static func classify(_ text: String) -> SendOutcome {
        ReplyClassifier.classify(body: Data(text.utf8))
    }

    static func dxpRep(_ code: String, _ info: String = "") -> String {
        "<DxpRep xmlns=\"http://www.chinaport.gov.cn/dxp\"><Response><ResponseCode>\(code)</ResponseCode><ResponseInfo>\(info)</ResponseInfo></Response></DxpRep>"
    }

    @Test(
        "empty bodies, OK and 0 (any case, any surrounding whitespace) are plain acceptances",
        arguments: ["", " \r\n\t", "OK", "ok\n", "  Ok ", "0", "\n0\n"])
    func plainAcceptance(_ body: String) {
        #expect(Self.classify(body) == .accepted(nil))
    }

    @Test("other plain text is an acceptance that keeps the text, trimmed")
    func plainText() {
        #expect(Self.classify("  received, id 42\n") == .accepted("received, id 42"))
        #expect(Self.classify("OKAY") == .accepted("OKAY"))
        #expect(Self.classify("<not xml") == .accepted("<not xml"))
    }

    @Test("DxpRep codes: 0 accepted, 3xxx transient, others permanent — with a BOM and leading whitespace too")
    func dxp() {
        #expect(Self.classify(Self.dxpRep("0", "fine")) == .accepted("fine"))
        #expect(Self.classify("\u{FEFF}\n  " + Self.dxpRep("0000")) == .accepted(nil))
        guard case .transient(let reason, _) = Self.classify(Self.dxpRep("3001", "busy")) else {
            Issue.record("3001 should be transient")
            return
        }
        #expect(reason.contains("busy"))
        guard case .permanent = Self.classify("\u{FEFF}" + Self.dxpRep("1001", "bad key")) else {
            Issue.record("1001 behind a BOM should be permanent")
            return
        }
    }

    @Test("CEB900: negative codes are permanent, 'already exists' codes duplicates, others acceptances")
    func ceb900() {
        func message(_ status: String) -> String {
            "<CEB900Message xmlns=\"http://www.chinaport.gov.cn/ceb\"><MessageReturn><returnStatus>\(status)</returnStatus><returnInfo>why</returnInfo></MessageReturn></CEB900Message>"
        }
        #expect(Self.classify(message("-621004")) == .duplicate("-621004 why"))
        #expect(Self.classify(message("-1")) == .permanent("CEB900 -1: why"))
        #expect(Self.classify(message("2")) == .accepted("why"))
    }
}
