import HTTPTypes
import Foundation
import Hummingbird

/// PUT, PATCH, GET and DELETE of a Compute resource (gallery or image definition), run as Azure Compute runs them:
/// writes answer at once with a non-terminal provisioningState and an `Azure-AsyncOperation` URL, and the stored
/// operation finishes them.
struct TrackedResourceController<Kind: TrackedResourceKind> {
    let service: ServiceContext
    let kind: Kind

    func register(on router: Router<ARMRequestContext>, path: String) {
        router.put(RouterPath(path), use: put)
        router.patch(RouterPath(path), use: patch)
        router.get(RouterPath(path), use: get)
        router.delete(RouterPath(path), use: delete)
    }

    // MARK: Lookups shared by every verb

    private func resourcePath(_ context: ARMRequestContext) throws -> ResourcePath {
        let path = try kind.path { try context.pathParameter($0) }
        try NameRules.checkSubscriptionID(path.subscriptionID)
        return path
    }

    /// Checks the resource group (and, for nested resources, the gallery). With `forWrite`, containers being deleted refuse.
    /// A missing gallery is 404 `ParentResourceNotFound` when `requireParent`, else the result is false.
    @discardableResult
    private func checkContainers(_ path: ResourcePath, forWrite: Bool, nameCheck: Bool, requireParent: Bool = true) async throws -> Bool {
        let groupPath = ResourcePath(subscriptionID: path.subscriptionID, resourceGroup: path.resourceGroup)
        guard let group = try await service.resource(groupPath) else { throw ARMError.resourceGroupNotFound(path.resourceGroup) }
        if forWrite && group.provisioningState == .deleting { throw ARMError.resourceGroupBeingDeleted(group.name) }
        if nameCheck { try kind.checkName(path) }
        guard let parent = path.parent, parent.type != .resourceGroup else { return true }
        guard let gallery = try await service.resource(parent) else {
            if !requireParent { return false }
            throw ARMError.parentResourceNotFound(parent.name)
        }
        if forWrite && gallery.provisioningState == .deleting { throw ARMError.beingDeleted(gallery.name) }
        return true
    }

    private func notFound(_ path: ResourcePath) -> ARMError {
        .resourceNotFound(type: "Microsoft.Compute/galleries", path: [path.gallery, path.image].compactMap { $0 }.joined(separator: "/images/"), resourceGroup: path.resourceGroup)
    }

    private func operationHeaders(_ request: Request, _ operation: OperationRecord, apiVersion: String, withLocation: Bool) -> HTTPFields {
        let subscription = operation.subscriptionKey.split(separator: "/").last.map(String.init) ?? ""
        let url = "\(request.baseURL(scheme: service.scheme))/subscriptions/\(subscription)/providers/Microsoft.Compute/locations/\(operation.location)/capsOperations/\(operation.id)"
        var headers: HTTPFields = [
            HTTPField.Name("Azure-AsyncOperation")!: "\(url)?api-version=\(apiVersion)",
            HTTPField.Name("Azure-AsyncNotification")!: "Enabled",
            .retryAfter: "\(service.configuration.retryAfterSeconds)",
        ]
        if withLocation { headers[.location] = "\(url)?monitor=true&api-version=\(apiVersion)" }
        return headers
    }

    // MARK: Verbs

    @Sendable func put(_ request: Request, context: ARMRequestContext) async throws -> Response {
        let apiVersion = try request.apiVersion(.compute, service.configuration, type: kind.type.shortName)
        let path = try resourcePath(context)
        try await checkContainers(path, forWrite: true, nameCheck: true)
        let body = try await request.decodeBody(ResourceBody<Kind.Properties>.self, context: context)
        return try await write(request, path: path, apiVersion: apiVersion, location: body.location, tags: body.tags, properties: body.properties, isPatch: false)
    }

    @Sendable func patch(_ request: Request, context: ARMRequestContext) async throws -> Response {
        let apiVersion = try request.apiVersion(.compute, service.configuration, type: kind.type.shortName)
        let path = try resourcePath(context)
        try await checkContainers(path, forWrite: true, nameCheck: false)
        let patch = try await request.decodeBody(JSONValue.self, context: context)
        guard case .object = patch else { throw ARMError.invalidRequestContent("Unexpected JSON token. Path ''.") }
        guard let existing = try await service.resource(path) else { throw notFound(path) }
        // Merge-patch the stored properties, then validate the result exactly like a PUT.
        let stored = try JSONValue.parse(existing.properties)
        let merged = patch["properties"].map { stored.merging(patch: $0) } ?? stored
        let properties: Kind.Properties
        do {
            properties = try JSONDecoder().decode(Kind.Properties.self, from: merged.data)
        } catch let error as DecodingError {
            throw ARMError.invalidRequestContent(Request.describe(error))
        }
        var tags: [String: String]? = existing.tags.map { Dictionary($0.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }) }
        if let tagPatch = patch["tags"] {
            do {
                tags = try JSONDecoder().decode([String: String]?.self, from: tagPatch.data)
            } catch let error as DecodingError {
                throw ARMError.invalidRequestContent(Request.describe(error))
            }
        }
        return try await write(request, path: path, apiVersion: apiVersion, location: existing.location, tags: tags, properties: properties, isPatch: true)
    }

    private func write(
        _ request: Request, path: ResourcePath, apiVersion: String, location rawLocation: String?, tags rawTags: [String: String]?,
        properties: Kind.Properties?, isPatch: Bool
    ) async throws -> Response {
        guard let rawLocation else { throw ARMError.locationRequired }
        guard let location = AzureLocation.normalize(rawLocation) else { throw ARMError.locationNotAvailable(rawLocation, type: kind.type.rawValue) }
        let tags = try TagRules.validate(rawTags)
        for attempt in 0..<ServiceContext.writeAttempts {
            if attempt > 0 { await ServiceContext.backOff() }
            let existing = try await service.resource(path)
            if isPatch && existing == nil { throw notFound(path) }
            if let existing {
                if existing.provisioningState == .deleting { throw ARMError.beingDeleted(existing.name) }
                if existing.location != location.name {
                    throw ARMError.resourceLocationChange(path: path.relativeName, existing: existing.location, requested: location.name, resourceGroup: path.resourceGroup)
                }
            }
            let (data, uniqueKey) = try kind.prepare(properties, existing: existing, path: path, apiVersion: apiVersion)
            let now = Date()
            var record = ResourceRecord(
                key: path.key, id: path.id, name: path.name, type: kind.type, parentKey: path.parent?.key,
                subscriptionKey: ResourcePath.subscriptionKey(path.subscriptionID), location: location.name, tags: tags,
                properties: data, provisioningState: existing == nil ? .creating : .updating, operationID: nil, uniqueKey: uniqueKey,
                version: (existing?.version ?? 0) + 1)
            if isPatch, let existing { record.id = existing.id; record.name = existing.name }
            let operation = service.newOperation(existing == nil ? .create : .update, for: record, now: now)
            record.operationID = operation.id
            let write: ResourceWrite = existing.map { .update(record, expectedVersion: $0.version) } ?? .insert(record)
            do {
                try await service.store.commit(WriteBatch(resources: [write], operations: [operation]))
            } catch StoreError.parentMissing {
                // The container was deleted while this write was on its way.
                throw path.type == .galleryImage ? ARMError.parentResourceNotFound(path.gallery ?? "") : ARMError.resourceGroupNotFound(path.resourceGroup)
            } catch StoreError.uniqueKeyConflict(let unique) {
                throw kind.uniqueKeyConflict(holder: try await service.store.resource(uniqueKey: unique), properties: data)
            } catch is StoreError {
                continue  // another writer got there first; decide create-versus-update again
            }
            let status: HTTPResponse.Status = existing == nil ? .created : .ok
            return .json(try kind.envelope(record, apiVersion: apiVersion), status: status, headers: operationHeaders(request, operation, apiVersion: apiVersion, withLocation: false))
        }
        throw ARMError.anotherOperationInProgress
    }

    @Sendable func get(_ request: Request, context: ARMRequestContext) async throws -> Response {
        let apiVersion = try request.apiVersion(.compute, service.configuration, type: kind.type.shortName)
        let path = try resourcePath(context)
        if kind.type == .gallery { try Self.checkGalleryQuery(request) }
        // One read for the resource group, the gallery (for an image) and the resource itself.
        let group = ResourcePath(subscriptionID: path.subscriptionID, resourceGroup: path.resourceGroup)
        let gallery = path.type == .galleryImage ? path.parent : nil
        let found = try await service.store.resources(keys: [group.key, path.key] + (gallery.map { [$0.key] } ?? []))
        guard found[group.key]?.type == .resourceGroup else { throw ARMError.resourceGroupNotFound(path.resourceGroup) }
        if let gallery, found[gallery.key]?.type != .gallery { throw ARMError.parentResourceNotFound(gallery.name) }
        guard let record = found[path.key], record.type == path.type else { throw notFound(path) }
        return .json(try kind.envelope(record, apiVersion: apiVersion))
    }

    /// Galleries_Get's optional `$select` (`Permissions`) and `$expand` (`SharingProfile/Groups`).
    private static func checkGalleryQuery(_ request: Request) throws {
        for (name, allowed) in [("$select", "Permissions"), ("$expand", "SharingProfile/Groups")] {
            if let value = request.query(name), value.caseInsensitiveCompare(allowed) != .orderedSame {
                throw ARMError.invalidParameter("The value '\(value)' of query parameter '\(name)' is invalid. The allowed value is '\(allowed)'.", target: name)
            }
        }
    }

    @Sendable func delete(_ request: Request, context: ARMRequestContext) async throws -> Response {
        let apiVersion = try request.apiVersion(.compute, service.configuration, type: kind.type.shortName)
        let path = try resourcePath(context)
        guard try await checkContainers(path, forWrite: false, nameCheck: false, requireParent: false) else { return .empty(.noContent) }
        for attempt in 0..<ServiceContext.writeAttempts {
            if attempt > 0 { await ServiceContext.backOff() }
            guard let record = try await service.resource(path) else { return .empty(.noContent) }
            if record.provisioningState == .deleting, let id = record.operationID, let running = try await service.store.operation(id: id) {
                return .empty(.accepted, headers: operationHeaders(request, running, apiVersion: apiVersion, withLocation: true))
            }
            if kind.type == .gallery {
                let nested = try await service.store.children(parentKey: record.key, type: .galleryImage, after: nil, limit: 5)
                if !nested.isEmpty {
                    throw ARMError.cannotDeleteResource(nested: nested.map { "Microsoft.Compute/galleries/\(record.name)/images/\($0.name)" })
                }
            }
            guard let operation = try await service.startDelete(record) else { continue }
            return .empty(.accepted, headers: operationHeaders(request, operation, apiVersion: apiVersion, withLocation: true))
        }
        throw ARMError.anotherOperationInProgress
    }
}
