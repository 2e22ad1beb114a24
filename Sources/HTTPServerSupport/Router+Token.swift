public import Hummingbird
public import Logging

extension RouterMethods where Context == SourcedRequestContext {
    /// With a token, every route needs `Authorization: Bearer <token>`; each refusal is logged
    /// with the caller's address and the path (control characters shown as `?`), never the token.
    public func requireToken(_ token: String?, logger: Logger) {
        guard let token, !token.isEmpty else { return }
        _ = add(
            middleware: BearerTokenMiddleware(token: token) { request, context in
                let path = request.uri.path.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 ? String($0) : "?" }.joined()
                logger.warning("refused: no valid token", metadata: ["source": "\(context.source)", "path": "\(path)"])
            })
    }
}

/// The addresses a listener may bind to without a token: this machine only.
public enum Loopback {
    public static func contains(_ host: String) -> Bool { ["127.0.0.1", "::1", "localhost"].contains(host) }
}
