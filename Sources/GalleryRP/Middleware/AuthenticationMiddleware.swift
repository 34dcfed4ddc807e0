import Foundation
import Hummingbird

/// Authentication: requires `Authorization: Bearer <token>` on ARM routes. Permissive mode accepts any well-formed
/// token; strict mode verifies it (signature, issuer, expiry, audience) and names the caller.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = ARMRequestContext
    let access: AccessControl

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { throw ARMError.missingAuthorization }
        guard let token = Self.bearerToken(header) else { throw ARMError.malformedAuthorization }
        var context = context
        context.bearerToken = token
        if access.mode == .strict { context.verifiedIdentity = try await access.tokens.verify(token) }
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
