import Foundation

/// URLs as they may appear in messages, logs and the outbox: credentials masked.
///
/// A password in the user information (`postgres://u:secret@db/x`), and the value of any query
/// parameter whose name says it is a credential (`?password=`, `?token=`, `?access_token=`,
/// `?sig=`…), are replaced by `***`. Everything else is kept, so that an operator can still tell
/// which endpoint or database is meant.
public enum URLRedaction {
    /// Query parameter names (lower-cased) whose values are credentials, matched in full or as a part.
    static let secretNames = ["password", "passwd", "pwd", "token", "secret", "key", "sig", "signature", "auth", "credential", "session"]

    public static func redacted(_ url: String) -> String {
        var result = url
        if let scheme = result.range(of: "://") {
            let afterScheme = result[scheme.upperBound...]
            let authorityEnd = afterScheme.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? result.endIndex
            if let at = result[scheme.upperBound..<authorityEnd].lastIndex(of: "@"),
                let colon = result[scheme.upperBound..<at].firstIndex(of: ":")
            {
                result.replaceSubrange(result.index(after: colon)..<at, with: "***")
            }
        }
        guard let question = result.firstIndex(of: "?") else { return result }
        let fragmentStart = result[question...].firstIndex(of: "#") ?? result.endIndex
        let query = result[result.index(after: question)..<fragmentStart]
        let masked = query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            guard let equals = pair.firstIndex(of: "=") else { return String(pair) }
            let name = pair[..<equals].lowercased()
            guard secretNames.contains(where: { name.contains($0) }) else { return String(pair) }
            return String(pair[..<equals]) + "=***"
        }.joined(separator: "&")
        return String(result[...question]) + masked + String(result[fragmentStart...])
    }
}
