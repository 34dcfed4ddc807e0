import Hummingbird

/// Requires `Authorization: Bearer <token>` on ARM routes. In this mode any well-formed token is accepted;
/// strict verification plugs in here later.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = ARMRequestContext

    /// Paths served without a token.
    static let anonymousPaths: Set<String> = ["/healthz"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.anonymousPaths.contains(request.uri.path.lowercased()) { return try await next(request, context) }
        guard let header = request.headers[.authorization] else { throw ARMError.missingAuthorization }
        guard Self.bearerToken(header) != nil else { throw ARMError.malformedAuthorization }
        return try await next(request, context)
    }

    /// The token of a `Bearer` header: one token68 word after the scheme.
    static func bearerToken(_ header: String) -> String? {
        let parts = header.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1]
        let allowed = token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._~+/=".contains($0)) }
        return allowed ? String(token) : nil
    }
}
