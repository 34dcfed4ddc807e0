import Foundation
import Hummingbird

/// `Microsoft.Resources/resourceGroups`: PUT, GET, HEAD, DELETE (asynchronous, `Location` polling) and list.
struct ResourceGroupController {
    let service: ServiceContext

    func register(on router: Router<ARMRequestContext>) {
        let base = "/subscriptions/:subscriptionId/resourcegroups"
        router.get(RouterPath(base), use: list)
        router.put(RouterPath(base + "/:resourceGroupName"), use: put)
        router.get(RouterPath(base + "/:resourceGroupName"), use: get)
        router.head(RouterPath(base + "/:resourceGroupName"), use: head)
        router.delete(RouterPath(base + "/:resourceGroupName"), use: delete)
        router.get("/subscriptions/:subscriptionId/operationresults/:operationId", use: operationResult)
    }

    /// Resource-group properties carry only the provisioning state.
    struct Properties: Codable, Sendable {}

    private func path(_ context: ARMRequestContext) throws -> ResourcePath {
        let subscription = try context.pathParameter("subscriptionId")
        try NameRules.checkSubscriptionID(subscription)
        return ResourcePath(subscriptionID: subscription, resourceGroup: try context.pathParameter("resourceGroupName"))
    }

    private func render(_ record: ResourceRecord) -> JSONValue {
        record.envelope(properties: .object([("provisioningState", .string(record.provisioningState.rawValue))]))
    }

    @Sendable func put(_ request: Request, context: ARMRequestContext) async throws -> Response {
        _ = try request.apiVersion(.resources, service.configuration)
        let path = try path(context)
        try NameRules.checkResourceGroup(path.resourceGroup)
        let body = try await request.decodeBody(ResourceBody<Properties>.self, context: context)
        guard let rawLocation = body.location else { throw ARMError.locationRequired }
        guard let location = AzureLocation.normalize(rawLocation) else { throw ARMError.locationNotAvailableForResourceGroup(rawLocation) }
        let tags = try TagRules.validate(body.tags)
        for attempt in 0..<ServiceContext.writeAttempts {
            if attempt > 0 { await ServiceContext.backOff() }
            let existing = try await service.resource(path)
            if let existing {
                if existing.provisioningState == .deleting { throw ARMError.resourceGroupBeingDeleted(existing.name) }
                if existing.location != location.name {
                    throw ARMError.resourceGroupLocationChange(name: path.resourceGroup, existing: existing.location, requested: location.name)
                }
            }
            var record = ResourceRecord(
                key: path.key, id: path.id, name: path.name, type: .resourceGroup, parentKey: nil,
                subscriptionKey: ResourcePath.subscriptionKey(path.subscriptionID), location: location.name, tags: tags,
                properties: Data("{}".utf8), provisioningState: .succeeded, operationID: nil, uniqueKey: nil, version: 1)
            do {
                if let existing {
                    record.version = existing.version + 1
                    try await service.store.commit(WriteBatch(resources: [.update(record, expectedVersion: existing.version)]))
                    return .json(render(record), status: .ok)
                }
                try await service.store.commit(WriteBatch(resources: [.insert(record)]))
                return .json(render(record), status: .created)
            } catch is StoreError {
                continue  // raced with another writer; decide again
            }
        }
        throw ARMError.anotherOperationInProgress
    }

    @Sendable func get(_ request: Request, context: ARMRequestContext) async throws -> Response {
        _ = try request.apiVersion(.resources, service.configuration)
        let path = try path(context)
        guard let record = try await service.resource(path) else { throw ARMError.resourceGroupNotFound(path.resourceGroup) }
        return .json(render(record))
    }

    @Sendable func head(_ request: Request, context: ARMRequestContext) async throws -> Response {
        _ = try request.apiVersion(.resources, service.configuration)
        let path = try path(context)
        let exists = try await service.resource(path) != nil
        return .empty(exists ? .noContent : .notFound)
    }

    @Sendable func list(_ request: Request, context: ARMRequestContext) async throws -> Response {
        _ = try request.apiVersion(.resources, service.configuration)
        let subscription = try context.pathParameter("subscriptionId")
        try NameRules.checkSubscriptionID(subscription)
        let scope = ResourcePath.subscriptionKey(subscription)
        return try await ListPage.respond(to: request, service: service, scope: scope) { after, limit in
            try await service.store.resources(subscriptionKey: scope, type: .resourceGroup, after: after, limit: limit)
        } render: { render($0) }
    }

    @Sendable func delete(_ request: Request, context: ARMRequestContext) async throws -> Response {
        let apiVersion = try request.apiVersion(.resources, service.configuration)
        let path = try path(context)
        for attempt in 0..<ServiceContext.writeAttempts {
            if attempt > 0 { await ServiceContext.backOff() }
            guard let record = try await service.resource(path) else { throw ARMError.resourceGroupNotFound(path.resourceGroup) }
            guard let operation = try await service.startDelete(record) else { continue }
            let location = "\(request.baseURL(scheme: service.scheme))/subscriptions/\(path.subscriptionID)/operationresults/\(operation.id)?api-version=\(apiVersion)"
            return .empty(.accepted, headers: [.location: location, .retryAfter: "\(service.configuration.retryAfterSeconds)"])
        }
        throw ARMError.anotherOperationInProgress
    }

    /// The `Location` URL of a resource-group delete: 202 while running, 200 when done.
    @Sendable func operationResult(_ request: Request, context: ARMRequestContext) async throws -> Response {
        _ = try request.apiVersion(.resources, service.configuration)
        let operation = try await service.operation(id: try context.pathParameter("operationId"), subscription: try context.pathParameter("subscriptionId"))
        if operation.status == .inProgress {
            return .empty(.accepted, headers: [.location: request.absoluteURL(scheme: service.scheme), .retryAfter: "\(service.configuration.retryAfterSeconds)"])
        }
        return .empty(.ok)
    }
}
