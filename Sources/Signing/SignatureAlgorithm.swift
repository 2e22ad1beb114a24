/// The signature algorithms customs accepts on declarations.
public enum SignatureAlgorithm: String, Sendable, Hashable, CaseIterable, Codable {
    /// RSA with SHA-1, the long-standing default (`http://www.w3.org/2000/09/xmldsig#rsa-sha1`).
    case rsaSHA1 = "rsa-sha1"
    /// RSA with SHA-256 (an option; check that the receiving port accepts it).
    case rsaSHA256 = "rsa-sha256"
    /// SM2 with SM3, the Chinese national algorithms preferred since the 202205 revision.
    case sm2SM3 = "sm2-sm3"

    public var signatureMethod: String {
        switch self {
        case .rsaSHA1: "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
        case .rsaSHA256: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
        case .sm2SM3: "http://www.chinaport.gov.cn/2022/04/xmldsig#sm2-sm3"
        }
    }

    public var digestMethod: String {
        switch self {
        case .rsaSHA1: "http://www.w3.org/2000/09/xmldsig#sha1"
        case .rsaSHA256: "http://www.w3.org/2001/04/xmlenc#sha256"
        case .sm2SM3: "http://www.chinaport.gov.cn/2022/04/xmldsig#sm3"
        }
    }

    var digest: Digest {
        switch self {
        case .rsaSHA1: .sha1
        case .rsaSHA256: .sha256
        case .sm2SM3: .sm3
        }
    }

    init?(signatureMethod: String) {
        guard let match = Self.allCases.first(where: { $0.signatureMethod == signatureMethod }) else { return nil }
        self = match
    }
}

/// Digest functions, by their XML-DSig URIs.
enum Digest: Sendable {
    case sha1
    case sha256
    case sm3

    init?(uri: String) {
        switch uri {
        case "http://www.w3.org/2000/09/xmldsig#sha1": self = .sha1
        case "http://www.w3.org/2001/04/xmlenc#sha256": self = .sha256
        case "http://www.chinaport.gov.cn/2022/04/xmldsig#sm3": self = .sm3
        default: return nil
        }
    }
}
