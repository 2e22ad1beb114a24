public import Hummingbird

/// Refuses every request that does not carry `Authorization: Bearer <token>`.
///
/// swgate's listeners (the simulator, the receipt receiver) bind to loopback by default; once one
/// is reachable from elsewhere (`--allow-remote`) it must know who is calling, so a token becomes
/// mandatory. A refused caller is reported through `onRefusal` (with its address, never the token).
public struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let expected: [UInt8]
    let onRefusal: @Sendable (Request, Context) -> Void

    public init(token: String, onRefusal: @escaping @Sendable (Request, Context) -> Void = { _, _ in }) {
        self.onRefusal = onRefusal
        expected = Array("Bearer \(token)".utf8)
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Self.equal(Array((request.headers[.authorization] ?? "").utf8), expected) else {
            onRefusal(request, context)
            var headers = HTTPFields()
            headers[.wwwAuthenticate] = "Bearer"
            return Response(status: .unauthorized, headers: headers)
        }
        return try await next(request, context)
    }

    /// Compares in time independent of where the first difference is.
    static func equal(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
