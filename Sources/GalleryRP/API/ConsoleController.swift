import Foundation
import HTTPTypes
import Hummingbird

/// The web console (`GET /_galleryrp/`) and the reads it is built on: the resource tree, walked through the type
/// table (`/_galleryrp/resources?parent=<id>`), and one resource with its operation (`/_galleryrp/resource?id=<id>`).
struct ConsoleController {
    let service: ServiceContext

    /// The page at `/_galleryrp` (anyone may load it; it asks for the admin token when the API wants one) and the reads
    /// in the control plane's group.
    func register(page router: Router<ARMRequestContext>, on group: RouterGroup<ARMRequestContext>) {
        router.get("/_galleryrp", use: page)
        group.get("resources", use: children)
        group.get("resource", use: resource)
    }

    @Sendable func page(_ request: Request, context: ARMRequestContext) async throws -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/html; charset=utf-8", HTTPField.Name("Content-Security-Policy")!: ConsolePage.contentSecurityPolicy],
            body: .init(byteBuffer: ByteBuffer(string: ConsolePage.html))
        )
    }

    /// The children of `parent` (a subscription or resource id; none: the subscriptions), ordered by key, a page at a time.
    @Sendable func children(_ request: Request, context: ARMRequestContext) async throws -> Response {
        let limit = try AdminController.integer(request, "limit", in: 1...1000) ?? 200
        let after = request.query("after")
        let store = service.store
        var items: [JSONValue] = []
        var last: String?
        switch request.query("parent") {
        case nil, ""?:
            for key in try await store.subscriptionKeys() {
                let id = String(key.dropFirst("/subscriptions/".count))
                items.append(.object([("id", .string(key)), ("name", .string(id)), ("type", .string("Microsoft.Resources/subscriptions"))]))
            }
        case let parent?:
            let records: [ResourceRecord]
            switch try ARMTarget.parse(path: parent) {
            case .endpoint(.subscription, let subscription?)?:
                records = try await store.resources(
                    subscriptionKey: ResourceAddress.subscriptionKey(subscription),
                    type: .resourceGroup,
                    after: after,
                    limit: limit
                )
            case .resource(let address)?:
                records = try await store.children(parentKey: address.key, type: nil, after: after, limit: limit)
            default:
                throw ARMError.invalidControlParameter("parent", "must be a subscription or resource id")
            }
            let now = service.configuration.clock.now()
            items = records.map { Self.summary($0.at(now)) }
            if records.count == limit { last = records.last?.key }
        }
        return .json(.object([("value", .array(items)), ("nextAfter", last.map(JSONValue.string))]))
    }

    /// One resource as its newest api-version shows it, and the operation that last changed it.
    @Sendable func resource(_ request: Request, context: ARMRequestContext) async throws -> Response {
        guard let id = request.query("id"), case .resource(let address)? = try ARMTarget.parse(path: id) else {
            throw ARMError.invalidControlParameter("id", "must be the id of a resource")
        }
        guard let record = try await service.store.resource(key: address.key), record.type == address.kind.type else { throw address.notFound }
        let apiVersion = address.kind.provider.apiVersions.last ?? ""
        let now = service.configuration.clock.now()
        let operation = try await record.operationID.asyncMap { try await service.store.operation(id: $0)?.at(now) } ?? nil
        return .json(
            .object([
                ("apiVersion", .string(apiVersion)),
                ("resource", try address.kind.body(record, apiVersion: apiVersion, now: now)),
                ("operation", operation.map(Self.operation)),
            ])
        )
    }

    static func summary(_ record: ResourceRecord) -> JSONValue {
        .object([
            ("id", .string(record.id)), ("name", .string(record.name)), ("type", .string(record.type.rawValue)),
            ("location", .string(record.location)), ("provisioningState", .string(record.provisioningState.rawValue)),
        ])
    }

    static func operation(_ operation: OperationRecord) -> JSONValue {
        .object([
            ("id", .string(operation.id)), ("kind", .string(operation.kind.rawValue)), ("status", .string(operation.status.rawValue)),
            ("startTime", .string(Timestamp.dotNet(operation.startTime))), ("endTime", operation.endTime.map { .string(Timestamp.dotNet($0)) }),
            ("dueTime", .string(Timestamp.dotNet(operation.dueTime))),
            ("error", operation.failure.map { .object([("code", .string($0.code)), ("message", .string($0.message))]) }),
        ])
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
