import Foundation
import Hummingbird

/// The ARM reads clients make around their commands: subscriptions, locations and provider registrations.
struct SubscriptionController {
    let service: ServiceContext
    let access: AccessControl

    func register(on router: Router<ARMRequestContext>) {
        router.get("/subscriptions", use: list)
        router.get("/subscriptions/:subscriptionId", use: get)
        router.get("/subscriptions/:subscriptionId/locations", use: locations)
        router.get("/subscriptions/:subscriptionId/providers", use: providers)
        router.get("/subscriptions/:subscriptionId/providers/:namespace", use: provider)
        router.post("/subscriptions/:subscriptionId/providers/:namespace/register", use: provider)
        // Hummingbird's trie does not fall back from a literal segment to a parameter, and Microsoft.Compute is a
        // literal of the Compute routes, so it needs routes of its own.
        router.get("/subscriptions/:subscriptionId/providers/Microsoft.Compute", use: provider)
        router.post("/subscriptions/:subscriptionId/providers/Microsoft.Compute/register", use: provider)
    }

    /// Subscriptions the caller may see: those of its tenant, and in strict mode only those it holds a role on.
    private func visible(_ identity: Identity?) -> [Directory.Subscription] {
        access.directory.subscriptions.filter { subscription in
            if let tenant = identity?.tenantID, subscription.tenantId.lowercased() != tenant { return false }
            guard access.mode == .strict, let identity else { return true }
            let scope = "/subscriptions/\(subscription.id)".lowercased()
            return access.directory.assignments(objectID: identity.objectID, clientID: identity.clientID).contains {
                let assigned = $0.scope.lowercased()
                return assigned == "/" || assigned == scope || assigned.hasPrefix(scope + "/") || scope.hasPrefix(assigned + "/")
            }
        }
    }

    /// The directory's subscription, or in permissive mode one made up for any well-formed id.
    private func subscription(_ context: ARMRequestContext) throws -> Directory.Subscription {
        let id = try context.pathParameter("subscriptionId")
        try NameRules.checkSubscriptionID(id)
        if let known = access.directory.subscription(id) {
            if let tenant = context.identity?.tenantID, known.tenantId.lowercased() != tenant { throw ARMError.subscriptionNotFound(id) }
            return known
        }
        guard access.mode == .permissive else { throw ARMError.subscriptionNotFound(id) }
        let tenant = context.identity?.tenantID ?? access.directory.tenants.first?.id ?? ""
        return Directory.Subscription(id: id, tenantId: tenant, displayName: "GalleryRP subscription \(id)")
    }

    private func render(_ s: Directory.Subscription) -> JSONValue {
        .object([
            ("id", .string("/subscriptions/\(s.id)")), ("authorizationSource", .string("RoleBased")), ("managedByTenants", .array([])),
            ("subscriptionId", .string(s.id)), ("tenantId", .string(s.tenantId)), ("displayName", .string(s.displayName ?? s.id)),
            ("state", .string("Enabled")),
            (
                "subscriptionPolicies",
                .object([("locationPlacementId", .string("Public_2014-09-01")), ("quotaId", .string("PayAsYouGo_2014-09-01")), ("spendingLimit", .string("Off"))])
            ),
        ])
    }

    @Sendable func list(_ request: Request, context: ARMRequestContext) async throws -> Response {
        _ = try request.apiVersion(.resources, service.configuration)
        let subscriptions = visible(context.identity)
        return .json(.object([("value", .array(subscriptions.map(render))), ("count", .object([("type", .string("Total")), ("value", .number(Double(subscriptions.count)))]))]))
    }

    @Sendable func get(_ request: Request, context: ARMRequestContext) async throws -> Response {
        _ = try request.apiVersion(.resources, service.configuration)
        return .json(render(try subscription(context)))
    }

    @Sendable func locations(_ request: Request, context: ARMRequestContext) async throws -> Response {
        _ = try request.apiVersion(.resources, service.configuration)
        let s = try subscription(context)
        return .json(
            .object([
                (
                    "value",
                    .array(
                        AzureLocation.all.map { l in
                            .object([
                                ("id", .string("/subscriptions/\(s.id)/locations/\(l.name)")), ("name", .string(l.name)), ("type", .string("Region")),
                                ("displayName", .string(l.displayName)), ("regionalDisplayName", .string(l.displayName)),
                                ("metadata", .object([("regionType", .string("Physical")), ("regionCategory", .string("Recommended"))])),
                            ])
                        })
                )
            ]))
    }

    private func providerBody(_ subscription: String, _ namespace: String) -> JSONValue {
        let compute = namespace.lowercased() == "microsoft.compute"
        let types: [(String, [String])] =
            compute
            ? [("galleries", APIVersion.compute), ("galleries/images", APIVersion.compute), ("locations/capsOperations", APIVersion.compute)]
            : [("resourceGroups", APIVersion.resources), ("subscriptions", APIVersion.resources), ("locations", APIVersion.resources)]
        return .object([
            ("id", .string("/subscriptions/\(subscription)/providers/\(compute ? "Microsoft.Compute" : namespace)")),
            ("namespace", .string(compute ? "Microsoft.Compute" : namespace)),
            ("registrationState", .string("Registered")),
            ("registrationPolicy", .string("RegistrationRequired")),
            (
                "resourceTypes",
                .array(
                    types.map { type, versions in
                        .object([
                            ("resourceType", .string(type)), ("locations", .array(AzureLocation.all.map { .string($0.displayName) })),
                            ("apiVersions", .array(versions.reversed().map(JSONValue.string))),
                        ])
                    })
            ),
        ])
    }

    @Sendable func providers(_ request: Request, context: ARMRequestContext) async throws -> Response {
        _ = try request.apiVersion(.resources, service.configuration)
        let s = try subscription(context)
        return .json(.object([("value", .array([providerBody(s.id, "Microsoft.Compute"), providerBody(s.id, "Microsoft.Resources")]))]))
    }

    @Sendable func provider(_ request: Request, context: ARMRequestContext) async throws -> Response {
        _ = try request.apiVersion(.resources, service.configuration)
        let s = try subscription(context)
        let namespace = (try? context.pathParameter("namespace")) ?? "Microsoft.Compute"
        guard ["microsoft.compute", "microsoft.resources"].contains(namespace.lowercased()) else {
            throw ARMError(.notFound, code: "InvalidResourceNamespace", message: "The resource namespace '\(namespace)' is invalid.")
        }
        return .json(providerBody(s.id, namespace))
    }
}
