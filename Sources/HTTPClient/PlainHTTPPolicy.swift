import Foundation
import Redaction

/// Plain `http://` carries tokens, signatures and buyers' data in clear: it is accepted for
/// loopback (the simulator, a local relay, a signing server on the same host) and otherwise only
/// when the operator says so explicitly (`--allow-plain-http`).
public enum PlainHTTPPolicy {
    /// Why `url` (named `what` in the message) may not be used, or nil when it may.
    public static func problem(_ url: String, what: String, allowPlain: Bool) -> String? {
        guard let parsed = URLComponents(string: url), let scheme = parsed.scheme?.lowercased() else {
            return "\(what) \(URLRedaction.redacted(url)) is not a URL"
        }
        guard scheme == "http", !allowPlain else { return nil }
        let host = (parsed.host ?? "").lowercased()
        if isLoopback(host) { return nil }
        return
            "\(what) \(URLRedaction.redacted(url)) is plain http to another host: tokens and declarations would cross the network unencrypted. Use https, or pass --allow-plain-http if this network is trusted"
    }

    /// 127.0.0.0/8, ::1 and localhost.
    public static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if bare == "localhost" || bare == "::1" { return true }
        let parts = bare.split(separator: ".")
        return parts.count == 4 && parts.first == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}
