import Foundation
import Hummingbird

/// The ARM reads clients make around their commands: subscriptions, locations and provider registrations.
struct SubscriptionController {
    let access: AccessControl

    /// Every provider namespace of the declared types, in declaration order.
    static let namespaces: [String] = ResourceCatalog.all.map(\.provider.namespace).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }

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
        guard let id = try context.armRequest().target.subscriptionID else { throw ARMError.unexpected }
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
                .object([
                    ("locationPlacementId", .string("Public_2014-09-01")), ("quotaId", .string("PayAsYouGo_2014-09-01")),
                    ("spendingLimit", .string("Off")),
                ])
            ),
        ])
    }

    @Sendable func list(_ request: Request, context: ARMRequestContext) async throws -> Response {
        let subscriptions = visible(context.identity)
        return .json(
            .object([
                ("value", .array(subscriptions.map(render))),
                ("count", .object([("type", .string("Total")), ("value", .number(Double(subscriptions.count)))])),
            ])
        )
    }

    @Sendable func get(_ request: Request, context: ARMRequestContext) async throws -> Response {
        .json(render(try subscription(context)))
    }

    @Sendable func locations(_ request: Request, context: ARMRequestContext) async throws -> Response {
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
                        }
                    )
                )
            ])
        )
    }

    /// The provider's registration with its resource types (from the type table) and their api-versions.
    private func providerBody(_ subscription: String, _ namespace: String) -> JSONValue {
        let declared = ResourceCatalog.all.filter { $0.provider.namespace.caseInsensitiveEquals(namespace) }
        let provider = declared.first?.provider ?? .resources
        var types = declared.map { ($0.isResourceGroup ? "resourceGroups" : $0.shortName, provider.apiVersions) }
        if provider.operations == .compute { types.append(("locations/capsOperations", provider.apiVersions)) }
        if provider == .resources { types += [("subscriptions", provider.apiVersions), ("locations", provider.apiVersions)] }
        let name = declared.isEmpty ? namespace : provider.namespace
        return .object([
            ("id", .string("/subscriptions/\(subscription)/providers/\(name)")),
            ("namespace", .string(name)),
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
                    }
                )
            ),
        ])
    }

    @Sendable func providers(_ request: Request, context: ARMRequestContext) async throws -> Response {
        let s = try subscription(context)
        return .json(.object([("value", .array(Self.namespaces.reversed().map { providerBody(s.id, $0) }))]))
    }

    @Sendable func provider(_ request: Request, context: ARMRequestContext) async throws -> Response {
        let s = try subscription(context)
        let namespace: String
        switch try context.armRequest().target {
        case .endpoint(.provider(let name), _), .endpoint(.register(let name), _): namespace = name
        default: throw ARMError.unexpected
        }
        guard Self.namespaces.contains(where: { $0.caseInsensitiveEquals(namespace) }) else {
            throw ARMError(.notFound, code: "InvalidResourceNamespace", message: "The resource namespace '\(namespace)' is invalid.")
        }
        return .json(providerBody(s.id, namespace))
    }
}
