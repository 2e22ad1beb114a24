import CLibCrypto
import Foundation

/// Small, typed wrappers over the OpenSSL calls swgate needs.
enum OpenSSL {
    /// The last OpenSSL error as text (and the queue cleared).
    static func lastError() -> String {
        var messages: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return messages.isEmpty ? "unknown OpenSSL error" : messages.joined(separator: "; ")
    }

    static func digest(_ data: Data, _ kind: Digest) -> Data? {
        let type: OpaquePointer?
        switch kind {
        case .sha1: type = EVP_sha1()
        case .sha256: type = EVP_sha256()
        case .sm3: type = EVP_sm3()
        }
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = data.withUnsafeBytes { raw in
            EVP_Digest(raw.baseAddress, raw.count, &output, &length, type, nil)
        }
        return ok == 1 ? Data(output.prefix(Int(length))) : nil
    }

    static func messageDigest(_ kind: Digest) -> OpaquePointer? {
        switch kind {
        case .sha1: EVP_sha1()
        case .sha256: EVP_sha256()
        case .sm3: EVP_sm3()
        }
    }

    /// The SM2 distinguishing identifier of GB/T 32918's default.
    static let sm2ID = Array("1234567812345678".utf8)

    static func sign(_ data: Data, key: OpaquePointer, digest: Digest) throws(SigningError) -> Data {
        guard let context = EVP_MD_CTX_new() else { throw SigningError(.permanent, "OpenSSL: out of memory") }
        defer { EVP_MD_CTX_free(context) }
        var keyContext: OpaquePointer?
        if swgate_pkey_is_sm2(key) == 1 {
            // SM2 signs with a distinguishing ID, which must be set on a context made for the key.
            guard let pkeyContext = EVP_PKEY_CTX_new(key, nil) else { throw SigningError(.permanent, "OpenSSL: \(lastError())") }
            _ = sm2ID.withUnsafeBufferPointer { swgate_set_sm2_id(pkeyContext, $0.baseAddress, $0.count) }
            EVP_MD_CTX_set_pkey_ctx(context, pkeyContext)
            keyContext = pkeyContext
        }
        defer { if let keyContext { EVP_PKEY_CTX_free(keyContext) } }
        guard EVP_DigestSignInit(context, nil, messageDigest(digest), nil, key) == 1 else {
            throw SigningError(.permanent, "cannot start signing: \(lastError())")
        }
        var length = 0
        let signed: [UInt8]? = data.withUnsafeBytes { raw -> [UInt8]? in
            let input = raw.bindMemory(to: UInt8.self)
            guard EVP_DigestSign(context, nil, &length, input.baseAddress, input.count) == 1 else { return nil }
            var output = [UInt8](repeating: 0, count: length)
            guard EVP_DigestSign(context, &output, &length, input.baseAddress, input.count) == 1 else { return nil }
            return Array(output.prefix(length))
        }
        guard let signed else { throw SigningError(.permanent, "signing failed: \(lastError())") }
        return Data(signed)
    }

    static func verify(_ data: Data, signature: Data, key: OpaquePointer, digest: Digest) -> Bool {
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        var keyContext: OpaquePointer?
        if swgate_pkey_is_sm2(key) == 1, let pkeyContext = EVP_PKEY_CTX_new(key, nil) {
            _ = sm2ID.withUnsafeBufferPointer { swgate_set_sm2_id(pkeyContext, $0.baseAddress, $0.count) }
            EVP_MD_CTX_set_pkey_ctx(context, pkeyContext)
            keyContext = pkeyContext
        }
        defer { if let keyContext { EVP_PKEY_CTX_free(keyContext) } }
        guard EVP_DigestVerifyInit(context, nil, messageDigest(digest), nil, key) == 1 else { return false }
        let result = data.withUnsafeBytes { raw in
            signature.withUnsafeBytes { sig in
                EVP_DigestVerify(
                    context, sig.bindMemory(to: UInt8.self).baseAddress, sig.count, raw.bindMemory(to: UInt8.self).baseAddress, raw.count
                )
            }
        }
        ERR_clear_error()
        return result == 1
    }
}
