import Hummingbird

/// Strict mode's authorization: the subscription must be in the directory and in the caller's tenant, and a role
/// assignment must cover the action the request maps to (``AccessRequest``) at its scope. Otherwise 404
/// `SubscriptionNotFound`, 401 `InvalidAuthenticationTokenTenant` or 403 `AuthorizationFailed`; nothing changes.
struct AuthorizationMiddleware: RouterMiddleware {
    typealias Context = ARMRequestContext
    let access: AccessControl

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if access.mode == .strict, let identity = context.verifiedIdentity, let target = context.arm?.target {
            try authorize(AccessRequest(method: request.method, target: target), identity)
        }
        return try await next(request, context)
    }

    private func authorize(_ wanted: AccessRequest, _ identity: Identity) throws {
        if let id = wanted.subscriptionID {
            guard let subscription = access.directory.subscription(id) else { throw ARMError.subscriptionNotFound(id) }
            guard subscription.tenantId.lowercased() == identity.tenantID else {
                throw ARMError.wrongTenant(issuer: TokenService.issuer(tenant: identity.tenantID ?? ""), expected: subscription.tenantId.lowercased())
            }
        }
        guard wanted.scope != "/" else { return }  // the subscription list filters itself
        let assignments = access.directory.assignments(objectID: identity.objectID, clientID: identity.clientID)
        guard wanted.isAllowed(by: assignments) else {
            throw ARMError.authorizationFailed(
                client: identity.clientID ?? identity.objectID ?? "",
                objectID: identity.objectID ?? "",
                action: wanted.action,
                scope: wanted.scope
            )
        }
    }
}
