import Foundation
import HTTPTypes
import Hummingbird

/// The operations of one declared resource type (``ARMRoutes`` routes to them by the parsed resource id): PUT, PATCH,
/// GET, DELETE (and HEAD for resource groups) on the resource, and its lists. Writes run as the type's provider runs them:
/// Compute's answer at once with a non-terminal `provisioningState` and an `Azure-AsyncOperation` URL; resource-group
/// writes are synchronous and their deletes answer 202 with an `operationresults` `Location`.
struct ResourceController {
    let service: ServiceContext
    let kind: ResourceKind

    /// The verb's handler: PUT, GET and DELETE on every type; PATCH, or HEAD for resource groups.
    func handler(for method: HTTPRequest.Method) -> ARMRoutes.Handler? {
        switch method {
        case .put: return put
        case .get: return get
        case .delete: return delete
        case .patch where !kind.isResourceGroup: return patch
        case .head where kind.isResourceGroup: return head
        default: return nil
        }
    }

    /// The resource the request addresses and its api-version.
    private func target(_ context: ARMRequestContext) throws -> (ResourceAddress, String) {
        let arm = try context.armRequest()
        guard case .resource(let address) = arm.target else { throw ARMError.unexpected }
        return (address, arm.apiVersion)
    }

    // MARK: Verbs

    @Sendable func put(_ request: Request, context: ARMRequestContext) async throws -> Response {
        let (address, apiVersion) = try target(context)
        let bytes = try await request.jsonBody()
        let body = Result { () throws -> RequestBody in
            guard bytes.readableBytes > 0 else { throw ARMError.emptyBody }
            return try RequestBody(bytes.readableBytesView, kind: kind, apiVersion: apiVersion)
        }
        let written = try await service.resources.put(address, body: body, apiVersion: apiVersion, plan: context.operationPlan)
        return try respond(request, written, apiVersion: apiVersion, status: written.created ? .created : .ok)
    }

    @Sendable func patch(_ request: Request, context: ARMRequestContext) async throws -> Response {
        let (address, apiVersion) = try target(context)
        // PATCH (`*_Update`) exists from 2019-07-01.
        guard APIVersion.isAtLeast(apiVersion, APIVersion.patch) else { throw ARMError.methodNotAllowed("PATCH") }
        let bytes = try await request.jsonBody()
        let body = Result { () throws -> PatchBody in
            guard bytes.readableBytes > 0 else { throw ARMError.emptyBody }
            return try PatchBody(bytes.readableBytesView)
        }
        let written = try await service.resources.patch(address, body: body, apiVersion: apiVersion, plan: context.operationPlan)
        return try respond(request, written, apiVersion: apiVersion, status: .ok)
    }

    private func respond(_ request: Request, _ written: ResourceService.Written, apiVersion: String, status: HTTPResponse.Status) throws -> Response {
        let headers = written.operation.map { service.operationHeaders(request, $0, kind: kind, apiVersion: apiVersion, withLocation: false) } ?? [:]
        var options = RenderOptions(apiVersion: apiVersion, now: service.configuration.clock.now())
        options.isWriteResponse = true
        return .json(try kind.body(written.record, options: options), status: status, headers: headers)
    }

    @Sendable func get(_ request: Request, context: ARMRequestContext) async throws -> Response {
        let (address, apiVersion) = try target(context)
        var options = RenderOptions(apiVersion: apiVersion, now: service.configuration.clock.now())
        for option in kind.queryOptions {
            let values = try option.check(request.query(option.name))
            if option.name == "$expand" { options.expand = values }
        }
        let record = try await service.resources.get(address)
        if !options.expand.isEmpty, record.provisioningState != .succeeded, let id = record.operationID {
            options.operation = try await service.store.operation(id: id).map { $0.at(options.now) }.flatMap { $0.isTerminal ? nil : $0 }
        }
        return .json(try kind.body(record, options: options))
    }

    @Sendable func head(_ request: Request, context: ARMRequestContext) async throws -> Response {
        let (address, _) = try target(context)
        return .empty(try await service.resources.exists(address) ? .noContent : .notFound)
    }

    @Sendable func delete(_ request: Request, context: ARMRequestContext) async throws -> Response {
        let (address, apiVersion) = try target(context)
        switch try await service.resources.delete(address, plan: context.operationPlan) {
        case .absent:
            return .empty(.noContent)
        case .started(let operation):
            return .empty(.accepted, headers: service.operationHeaders(request, operation, kind: kind, apiVersion: apiVersion, withLocation: true))
        }
    }

    @Sendable func list(_ request: Request, context: ARMRequestContext) async throws -> Response {
        let arm = try context.armRequest()
        guard case .collection(_, let scope) = arm.target else { throw ARMError.unexpected }
        let store = service.store
        let type = kind.type
        let now = service.configuration.clock.now()
        let render = { (record: ResourceRecord) in try kind.body(record, apiVersion: arm.apiVersion, now: now) }
        switch scope {
        case .subscription(let subscription):
            let scopeKey = ResourceAddress.subscriptionKey(subscription)
            return try await ListPage.respond(to: request, service: service, scope: scopeKey, render: render) { after, limit in
                try await store.resources(subscriptionKey: scopeKey, type: type, after: after, limit: limit)
            }
        case .resource(let container):
            try await service.resources.checkContainer(container)
            return try await ListPage.respond(to: request, service: service, scope: container.key, render: render) { after, limit in
                try await store.children(parentKey: container.key, type: type, after: after, limit: limit)
            }
        }
    }
}

/// Rendered bodies of every type (keys are unique across types).
private let renderCache = RenderCache()

extension ResourceKind {
    /// The whole response body: ARM's envelope around the schema's `properties`, rendered once per stored version and
    /// state (and every time while it shows a running operation's progress). The record shows its state at
    /// `options.now`; the answer to the write itself shows the transitional state (`Creating`, `Updating`).
    func body(_ stored: ResourceRecord, options: RenderOptions) throws -> JSONValue {
        let record = stored.at(options.isWriteResponse ? .distantPast : options.now)
        let render = { record.envelope(properties: try self.schema.render(record, options)) }
        if options.operation != nil { return try render() }
        return .serialized(try renderCache.bytes(for: record, options: options, render: render))
    }

    func body(_ record: ResourceRecord, apiVersion: String, now: Date) throws -> JSONValue {
        try body(record, options: RenderOptions(apiVersion: apiVersion, now: now))
    }
}

extension ResourceRecord {
    /// The ARM envelope `name, id, type, location, tags, properties`, in Azure's order.
    func envelope(properties: JSONValue) -> JSONValue {
        .object([
            ("name", .string(name)),
            ("id", .string(id)),
            ("type", .string(type.rawValue)),
            ("location", .string(location)),
            ("tags", tags.map { .object($0.map { ($0.name, JSONValue.string($0.value)) }) }),
            ("properties", properties),
        ])
    }
}
