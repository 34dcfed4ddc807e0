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
        // On bytes: a JWT is about a kilobyte, and walking it as Characters showed up in profiles.
        let parts = header.utf8.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: true)
        guard parts.count == 2, header[parts[0].startIndex..<parts[0].endIndex].caseInsensitiveEquals("bearer") else { return nil }
        let token = parts[1]
        let allowed = token.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return true
            case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="):
                return true
            default: return false
            }
        }
        return allowed ? String(header[token.startIndex..<token.endIndex]) : nil
    }
}
