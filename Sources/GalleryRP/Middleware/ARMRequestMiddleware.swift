import Hummingbird

/// Parses the path of every ARM request once into an ``ARMTarget`` and checks what every ARM request needs: a
/// well-formed subscription id (400 `InvalidSubscriptionId`) and an api-version the target's provider publishes
/// (400 `MissingApiVersionParameter`, `NoRegisteredProviderFound` or `InvalidApiVersionParameter`). Paths it does not
/// recognise pass through to the router's 404.
struct ARMRequestMiddleware: RouterMiddleware {
    typealias Context = ARMRequestContext
    let acceptAnyAPIVersion: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let target = try context.parsedTarget ?? ARMTarget.parse(path: request.uri.path) else { return try await next(request, context) }
        if let subscription = target.subscriptionID { try NameRules.checkSubscriptionID(subscription) }
        let (provider, type) = target.provider
        let apiVersion = try provider.check(apiVersion: request.query("api-version"), type: type, acceptAny: acceptAnyAPIVersion)
        var context = context
        context.arm = ARMRequest(target: target, apiVersion: apiVersion)
        return try await next(request, context)
    }
}
