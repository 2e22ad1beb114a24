import Foundation
import Signing
import SwgateTestSupport
import Testing

@Suite("External signing command")
struct CommandSignerTests {
    /// Writes an executable shell script and returns its path.
    static func script(_ body: String, in folder: URL, name: String = "signer.sh") throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data("#!/bin/sh\n\(body)\n".utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: url.path)
        return url.path
    }

    static let key = EnvelopedSignatureTests.keys.appendingPathComponent("demo-rsa.key.pem").path

    static func certificate() throws -> Certificate {
        try Certificate(contentsOf: EnvelopedSignatureTests.keys.appendingPathComponent("demo-rsa.cert.pem"))
    }

    @Test("a command signing with openssl produces a signature swgate verifies, plain Base64 or JSON")
    func signs() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-command-signer")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let plain = try Self.script(
            "[ \"$SWGATE_SIGN_ALGORITHM\" = rsa-sha1 ] || exit 3\n/usr/bin/openssl dgst -sha1 -sign '\(Self.key)' | base64 -w0", in: folder)
        let signer = try CommandSigner(command: [plain], certificate: try Self.certificate(), algorithm: .rsaSHA1)
        let signed = try EnvelopedSignature.sign(EnvelopedSignatureTests.unsignedInventory(), with: signer)
        #expect(EnvelopedSignature.verify(signed).isValid)
        #expect(String(decoding: signed, as: UTF8.self).contains(try Self.certificate().der.base64EncodedString().prefix(40)))

        let certificate = try Self.certificate().der.base64EncodedString()
        let json = try Self.script(
            "s=$(/usr/bin/openssl dgst -sha1 -sign '\(Self.key)' | base64 -w0)\nprintf '{\"signature\": \"%s\", \"certificate\": \"\(certificate)\"}' \"$s\"",
            in: folder, name: "json.sh")
        let jsonSigner = try CommandSigner(command: [json], certificate: try Self.certificate(), algorithm: .rsaSHA1)
        #expect(
            EnvelopedSignature.verify(try EnvelopedSignature.sign(EnvelopedSignatureTests.unsignedInventory(), with: jsonSigner)).isValid)
    }

    @Test("failures are classified: exit 75 and timeouts are transient; garbage, other exits and a foreign certificate are permanent")
    func failures() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-command-signer")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let cases: [(String, SigningError.Kind, String)] = [
            ("echo 'token busy' >&2; exit 75", .transient, "token busy"),
            ("sleep 5", .transient, "did not answer"),
            ("echo 'PIN locked' >&2; exit 1", .permanent, "PIN locked"),
            ("echo AAAA", .permanent, "does not verify"),
            ("echo 'not base64 !!'", .permanent, "Base64"),
            ("echo '{\"signature\": \"AAAA\", \"certificate\": \"QUJD\"}'", .permanent, "different certificate"),
            ("echo '{\"sig\": 1}'", .permanent, "\"signature\""),
        ]
        for (index, (body, kind, message)) in cases.enumerated() {
            let path = try Self.script("cat > /dev/null\n\(body)", in: folder, name: "case\(index).sh")
            let signer = try CommandSigner(command: [path], certificate: try Self.certificate(), algorithm: .rsaSHA1, timeout: 0.5)
            do {
                _ = try signer.sign(Data("signed info".utf8))
                Issue.record("case \(index) (\(body)) should fail")
            } catch {
                #expect(error.kind == kind, "case \(index): \(error.message)")
                #expect(error.message.contains(message), "case \(index): \(error.message)")
            }
        }
        let missing = try CommandSigner(
            command: [folder.appendingPathComponent("nope").path], certificate: try Self.certificate(), algorithm: .rsaSHA1)
        #expect(throws: SigningError.self) { try missing.sign(Data("x".utf8)) }
    }
}
