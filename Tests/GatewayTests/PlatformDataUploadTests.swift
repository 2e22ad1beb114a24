import Adapters
import Foundation
import Gateway
import HTTPClient
import HTTPServerSupport
import Outbox
import Signing
import Simulator
import SwgateTestSupport
import Testing

/// Announcement 179's upload, built from what the outbox holds: every field and pitfall of the
/// published interface, and a signature that OpenSSL itself verifies over the text rebuilt from
/// the upload.
@Suite("179 uploads: fields, key order, signed text, signatures")
struct PlatformDataUploadTests {
    static let exchange = PaymentExchange(
        request: "service=pay&out_trade_no=P1&total_fee=358.58", response: "{\"trade_no\":\"T1\",\"status\":\"OK\"}", verDept: "3",
        payType: "1")

    static func source(orders: [String] = ["HT1"], seller: SellerRecord? = SellerRecord(account: "6222", code: "9133", name: "优选"))
        -> PlatformUploadSource
    {
        let payment = PlatformFacts(
            payment: .init(
                exchange: exchange, payCode: "3120960ABC", payTransactionId: "P1", ebpCode: "3301960XYZ", totalAmount: "358.58",
                currency: "142", tradingTime: "20261124235000", note: nil), paymentKey: "3120960ABC:P1")
        let entries = orders.map { number in
            PlatformUploadSource.Order(
                orderNo: number, businessKey: "3301960XYZ:\(number)",
                facts: PlatformFacts(
                    order: .init(
                        goods: [.init(gname: "保湿面霜", itemLink: "https://shop.example.com/a;https://shop.example.com/b")], seller: seller),
                    paymentKey: "3120960ABC:P1"
                ).json)
        }
        return PlatformUploadSource(paymentKey: "3120960ABC:P1", payment: payment.json, orders: entries)
    }

    static func upload(_ source: PlatformUploadSource = source(), guid: String = "0f8fad5b-d9cb-469f-a165-70867728950e") throws
        -> PlatformDataUpload
    {
        try PlatformDataUpload.build(source: source, sessionID: "S-123", guid: guid, serviceTime: 1_533_271_903_898, defaultSeller: nil)
    }

    @Test("the head and the lists are compact JSON in customs' key order; guid upper-case; totalAmount a number")
    func headAndLists() throws {
        let upload = try Self.upload()
        #expect(
            upload.headJSON
                == #"{"guid":"0F8FAD5B-D9CB-469F-A165-70867728950E","initalRequest":"service=pay&out_trade_no=P1&total_fee=358.58","initalResponse":"{\"trade_no\":\"T1\",\"status\":\"OK\"}","ebpCode":"3301960XYZ","payCode":"3120960ABC","payTransactionId":"P1","totalAmount":358.58,"currency":"142","verDept":"3","payType":"1","tradingTime":"20261124235000","note":""}"#
        )
        #expect(
            upload.listsJSON
                == #"[{"orderNo":"HT1","goodsInfo":[{"gname":"保湿面霜","itemLink":"https://shop.example.com/a;https://shop.example.com/b"}],"recpAccount":"6222","recpCode":"9133","recpName":"优选"}]"#
        )
        #expect(upload.guid == upload.guid.uppercased())
    }

    @Test("the signed text joins sessionID, head, lists and serviceTime with || over the uploaded bytes")
    func signedText() throws {
        let upload = try Self.upload()
        #expect(
            upload.signedText
                == "\"sessionID\":\"S-123\"||\"payExchangeInfoHead\":\"\(upload.headJSON)\"||\"payExchangeInfoLists\":\"\(upload.listsJSON)\"||\"serviceTime\":\"1533271903898\""
        )
        let text = upload.payExInfoStr(certNo: "01AB", signature: Data([1, 2, 3]))
        #expect(
            text
                == "{\"sessionID\":\"S-123\",\"payExchangeInfoHead\":\(upload.headJSON),\"payExchangeInfoLists\":\(upload.listsJSON),\"serviceTime\":1533271903898,\"certNo\":\"01AB\",\"signValue\":\"AQID\"}"
        )
        // The form body decodes back to the very same JSON.
        #expect(FormEncoding.decode(PlatformDataUpload.formBody(text))?["payExInfoStr"] == text)
    }

    @Test("every order the payment paid for is in the lists, the requested one first")
    func allOrdersOfThePayment() throws {
        let upload = try Self.upload(Self.source(orders: ["HT2", "HT1", "HT3"]))
        let lists = try #require(try JSONSerialization.jsonObject(with: Data(upload.listsJSON.utf8)) as? [[String: Any]])
        #expect(lists.compactMap { $0["orderNo"] as? String } == ["HT2", "HT1", "HT3"])
    }

    @Test("the profile's seller stands in for an order that names none; neither is an incomplete upload")
    func seller() throws {
        let upload = try PlatformDataUpload.build(
            source: Self.source(seller: nil), sessionID: "S", guid: "A", serviceTime: 1,
            defaultSeller: SellerRecord(account: "PLATFORM-ACC", name: "平台自营"))
        #expect(upload.listsJSON.contains(#""recpAccount":"PLATFORM-ACC","recpCode":"","recpName":"平台自营""#))
        #expect(throws: PlatformDataUpload.Incomplete.self) {
            try PlatformDataUpload.build(source: Self.source(seller: nil), sessionID: "S", guid: "A", serviceTime: 1, defaultSeller: nil)
        }
        var noPayment = Self.source()
        noPayment.payment = nil
        #expect(throws: PlatformDataUpload.Incomplete.self) {
            try PlatformDataUpload.build(source: noPayment, sessionID: "S", guid: "A", serviceTime: 1, defaultSeller: nil)
        }
    }

    static func signer(_ name: String) throws -> SoftwareSigner {
        let keys = Fixtures.checkout.appendingPathComponent("examples/keys")
        return try SoftwareSigner(
            keyFile: keys.appendingPathComponent("demo-\(name).key.pem"),
            certificateFile: keys.appendingPathComponent("demo-\(name).cert.pem"))
    }

    @Test("OpenSSL verifies the signature over the text rebuilt from the upload", arguments: ["rsa", "sm2"])
    func opensslVerifies(_ name: String) throws {
        let signer = try Self.signer(name)
        let upload = try Self.upload()
        let text = upload.payExInfoStr(
            certNo: signer.certificateInfo.serialNumber, signature: try signer.sign(Data(upload.signedText.utf8)))
        // As customs would: from the uploaded JSON only, the members' exact bytes.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let head = try #require(text.range(of: #""payExchangeInfoHead":"#)).upperBound
        let lists = try #require(text.range(of: #","payExchangeInfoLists":"#))
        let time = try #require(text.range(of: #","serviceTime":"#))
        let rebuilt =
            "\"sessionID\":\"\(object["sessionID"] as? String ?? "")\"||\"payExchangeInfoHead\":\"\(text[head..<lists.lowerBound])\"||\"payExchangeInfoLists\":\"\(text[lists.upperBound..<time.lowerBound])\"||\"serviceTime\":\"\((object["serviceTime"] as? NSNumber)?.int64Value ?? 0)\""
        let folder = try Fixtures.temporaryDirectory("swgate-179-sig")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        try Data(rebuilt.utf8).write(to: folder.appendingPathComponent("signed.txt"))
        try #require(Data(base64Encoded: object["signValue"] as? String ?? "")).write(to: folder.appendingPathComponent("sig.bin"))
        let certificate = Fixtures.checkout.appendingPathComponent("examples/keys/demo-\(name).cert.pem").path
        let key = try Self.openssl(["x509", "-in", certificate, "-pubkey", "-noout"])
        try Data(key.output.utf8).write(to: folder.appendingPathComponent("pub.pem"))
        var arguments = ["dgst", name == "sm2" ? "-sm3" : "-sha1", "-verify", folder.appendingPathComponent("pub.pem").path]
        if name == "sm2" { arguments += ["-sigopt", "distid:1234567812345678"] }
        arguments += ["-signature", folder.appendingPathComponent("sig.bin").path, folder.appendingPathComponent("signed.txt").path]
        let verified = try Self.openssl(arguments)
        #expect(verified.status == 0, "\(verified.output)")
        #expect(verified.output.contains("Verified OK"))
        // And a byte changed in the signed text fails.
        try Data((rebuilt + " ").utf8).write(to: folder.appendingPathComponent("signed.txt"))
        #expect(try Self.openssl(arguments).status != 0)
        // certNo is the certificate's serial, as `openssl x509 -serial` prints it.
        let serial = try Self.openssl(["x509", "-in", certificate, "-serial", "-noout"]).output
        #expect(
            serial.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
                == "SERIAL=\(object["certNo"] as? String ?? "")".uppercased())
    }

    @Test("a signing server signs uploads as a key file does: the upload verifies")
    func signingServer() async throws {
        let server = try await SigningServer.start(token: "signer-token")
        defer { server.server.stop() }
        let signer = try HTTPSignerTests.signer(server, token: "signer-token")
        let upload = try Self.upload()
        let certificate = try Certificate(bytes: signer.certificate)
        let text = upload.payExInfoStr(certNo: certificate.serialNumber, signature: try await signer.sign(Data(upload.signedText.utf8)))
        #expect(PlatformUploadCheck(certificate: certificate).problem(text, expectedOrder: "HT1") == nil)
        #expect(server.requests == 1)
    }

    static func openssl(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    struct Tampering: Sendable, CustomTestStringConvertible {
        var name: String
        var code: String
        var change: @Sendable (String) -> String
        var testDescription: String { name }
    }

    static let tamperings: [Tampering] = [
        Tampering(name: "lower-case guid", code: "20001") { $0.replacingOccurrences(of: "0F8FAD5B", with: "0f8fad5b") },
        Tampering(name: "totalAmount as a string", code: "20001") {
            $0.replacingOccurrences(of: #""totalAmount":358.58"#, with: #""totalAmount":"358.58""#)
        },
        Tampering(name: "head keys out of order", code: "20001") {
            $0.replacingOccurrences(
                of: #""ebpCode":"3301960XYZ","payCode":"3120960ABC""#, with: #""payCode":"3120960ABC","ebpCode":"3301960XYZ""#)
        },
        Tampering(name: "whitespace in the signed head", code: "20002") {
            $0.replacingOccurrences(of: #""currency":"142""#, with: #""currency": "142""#)
        },
        Tampering(name: "another certificate's number", code: "20004") { text in
            guard let range = text.range(of: #""certNo":""#), let end = text[range.upperBound...].firstIndex(of: "\"") else { return text }
            return text.replacingCharacters(in: range.upperBound..<end, with: "00FF")
        },
        Tampering(name: "a changed raw response", code: "20002") { $0.replacingOccurrences(of: #"\"T1\""#, with: #"\"T9\""#) },
        Tampering(name: "members reordered", code: "20001") { text in
            guard let range = text.range(of: #","certNo":"#) else { return text }
            return "{" + text[range.upperBound...].dropLast() + "," + text.dropFirst().prefix(upTo: range.lowerBound) + "}"
        },
    ]

    @Test("the simulator's customs check takes the upload as built, and refuses each pitfall", arguments: tamperings)
    func customsCheck(_ tampering: Tampering) throws {
        let signer = try Self.signer("rsa")
        let upload = try Self.upload()
        let text = upload.payExInfoStr(
            certNo: signer.certificateInfo.serialNumber, signature: try signer.sign(Data(upload.signedText.utf8)))
        let check = PlatformUploadCheck(certificate: signer.certificateInfo)
        #expect(check.problem(text, expectedOrder: "HT1") == nil)
        let changed = tampering.change(text)
        #expect(changed != text, "the tampering must change something")
        #expect(check.problem(changed, expectedOrder: "HT1")?.code == tampering.code)
        #expect(check.problem(text, expectedOrder: "HT9")?.code == "20001", "the lists must hold the order asked for")
    }
}

/// Customs' platDataOpen request in every shape it comes in, and what is refused.
@Suite("179 requests: openReq parsing")
struct PlatformOpenRequestTests {
    static let json = #"{"orderNo":"HT1","sessionID":"abc-1","serviceTime":1533271903898}"#

    @Test(
        "the shapes customs and relays send",
        arguments: [
            ("application/x-www-form-urlencoded", "openReq=" + FormEncoding.encode(json)),
            ("application/json", json),
            ("application/json", #"{"openReq":"\#(json.replacingOccurrences(of: "\"", with: "\\\""))"}"#),
            ("application/json", #"{"openReq":\#(json)}"#),
            ("text/plain", "openReq=" + FormEncoding.encode(#"{"orderNo":"HT1","sessionID":"abc-1","serviceTime":"1533271903898"}"#)),
        ])
    func shapes(_ contentType: String, _ body: String) throws {
        let request = try PlatformOpenRequest.parse(body: Data(body.utf8), contentType: contentType)
        #expect(request == PlatformOpenRequest(orderNo: "HT1", sessionID: "abc-1", serviceTime: 1_533_271_903_898))
    }

    @Test(
        "malformed requests are refused with a reason",
        arguments: [
            "", "openReq=%ZZ", "other=1", "openReq=" + FormEncoding.encode("not json"),
            "openReq=" + FormEncoding.encode(#"{"sessionID":"s","serviceTime":1}"#),
            "openReq=" + FormEncoding.encode(#"{"orderNo":"HT1","serviceTime":1}"#),
            "openReq=" + FormEncoding.encode(#"{"orderNo":"HT1","sessionID":"s\"||x","serviceTime":1}"#),
            "openReq=" + FormEncoding.encode(#"{"orderNo":"HT1","sessionID":"s","serviceTime":"soon"}"#),
            "openReq=" + FormEncoding.encode(#"{"orderNo":"\#(String(repeating: "9", count: 61))","sessionID":"s","serviceTime":1}"#),
        ])
    func malformed(_ body: String) {
        #expect(throws: PlatformOpenRequest.Malformed.self) {
            try PlatformOpenRequest.parse(body: Data(body.utf8), contentType: "application/x-www-form-urlencoded")
        }
    }
}

/// What an upload attempt's ending does: a pure decision.
@Suite("179 upload decisions")
struct PlatformUploadDecisionTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(
        "how each ending is recorded",
        arguments: [
            (PlatformUploadDecision.Outcome.answered(code: "10000", message: "上传成功"), 1, PlatformRequest.State.uploaded),
            (.answered(code: "20000", message: "入库失败"), 1, .pending),
            (.answered(code: "20004", message: "验签证书未在服务系统注册"), 2, .pending),
            (.answered(code: "20004", message: ""), 10, .dead),
            (.transportFailed("connection refused"), 3, .pending),
            (.transportFailed("timeout"), 10, .dead),
            (.signingFailed("USB key busy", permanent: false), 1, .pending),
            (.signingFailed("wrong key", permanent: true), 1, .dead),
            (.incomplete("no exchange"), 1, .dead),
            (.unknownOrder, 1, .unknownOrder),
        ])
    func decides(_ outcome: PlatformUploadDecision.Outcome, _ attempts: Int, _ state: PlatformRequest.State) {
        let record = PlatformUploadDecision.record(outcome, attempts: attempts, maxAttempts: 10, now: Self.now)
        #expect(record.state == state)
        if state == .pending {
            #expect(record.nextAttemptAt == Self.now.addingTimeInterval(PlatformUploadDecision.backoff(afterAttempt: attempts)))
            #expect(record.error != nil)
        }
        if state == .dead { #expect(record.error?.isEmpty == false) }
    }

    @Test("backoff: 5 s, doubling, at most 10 minutes")
    func backoff() {
        #expect((1...9).map { PlatformUploadDecision.backoff(afterAttempt: $0) } == [5, 10, 20, 40, 80, 160, 320, 600, 600])
    }

    @Test("customs' known codes are explained")
    func meanings() {
        #expect(PlatformUploadDecision.meaning("20004")?.contains("certNo") == true)
        #expect(PlatformUploadDecision.meaning("20500") != nil)
        #expect(PlatformUploadDecision.meaning("30000") == nil)
    }
}
