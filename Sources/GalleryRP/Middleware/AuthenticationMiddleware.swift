import Foundation
import Hummingbird

/// Authentication and authorization, in one place. Requires `Authorization: Bearer <token>` on ARM routes.
/// Permissive mode accepts any well-formed token; strict mode verifies it and checks the caller's role assignments
/// and the subscription's tenant.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = ARMRequestContext
    let access: AccessControl

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { throw ARMError.missingAuthorization }
        guard let token = Self.bearerToken(header) else { throw ARMError.malformedAuthorization }
        var context = context
        context.bearerToken = token
        if access.mode == .strict {
            let identity = try await access.tokens.verify(token)
            context.verifiedIdentity = identity
            if let wanted = AccessRequest.from(method: request.method, path: request.uri.path) { try authorize(wanted, identity) }
        }
        return try await next(request, context)
    }

    /// Strict mode: the subscription must exist in the caller's tenant, and a role assignment must cover the action.
    private func authorize(_ wanted: AccessRequest, _ identity: Identity) throws {
        if let id = wanted.subscriptionID?.removingPercentEncoding {
            guard (try? NameRules.checkSubscriptionID(id)) != nil else { return }  // the route answers 400 InvalidSubscriptionId
            guard let subscription = access.directory.subscription(id) else { throw ARMError.subscriptionNotFound(id) }
            guard subscription.tenantId.lowercased() == identity.tenantID else {
                throw ARMError.wrongTenant(issuer: TokenService.issuer(tenant: identity.tenantID ?? ""), expected: subscription.tenantId.lowercased())
            }
        }
        guard wanted.scope != "/" else { return }  // the subscription list filters itself
        let assignments = access.directory.assignments(objectID: identity.objectID, clientID: identity.clientID)
        guard wanted.isAllowed(by: assignments) else {
            throw ARMError.authorizationFailed(
                client: identity.clientID ?? identity.objectID ?? "", objectID: identity.objectID ?? "", action: wanted.action, scope: wanted.scope)
        }
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
