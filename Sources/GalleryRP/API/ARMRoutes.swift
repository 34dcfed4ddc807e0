import HTTPTypes
import Hummingbird

/// ARM's paths, routed by the resource id ``ARMRequestMiddleware`` parsed once (ARM's grammar, resolved against the
/// type table): each declared type's ``ResourceController``, the subscription endpoints and the operation polls.
/// Hummingbird's trie keeps only the fixed endpoints, so an ARM request costs no trie walk; a path or method nothing
/// here serves falls through to the router's 404.
struct ARMRoutes: RouterMiddleware {
    typealias Context = ARMRequestContext
    typealias Handler = @Sendable (Request, ARMRequestContext) async throws -> Response

    let resources: [ResourceType: ResourceController]
    let subscriptions: SubscriptionController
    let operations: OperationStatusController

    init(service: ServiceContext, access: AccessControl) {
        resources = Dictionary(uniqueKeysWithValues: ResourceCatalog.all.map { ($0.type, ResourceController(service: service, kind: $0)) })
        subscriptions = SubscriptionController(access: access)
        operations = OperationStatusController(service: service)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let target = context.arm?.target, let handler = handler(request.method, target) else { return try await next(request, context) }
        return try await handler(request, context)
    }

    /// The handler serving `method` on `target`, if any.
    func handler(_ method: HTTPRequest.Method, _ target: ARMTarget) -> Handler? {
        switch target {
        case .resource(let address):
            return resources[address.kind.type]?.handler(for: method)
        case .collection(let kind, _):
            return method == .get ? resources[kind.type]?.list : nil
        case .endpoint(let endpoint, _):
            switch (endpoint, method) {
            case (.subscriptions, .get): return subscriptions.list
            case (.subscription, .get): return subscriptions.get
            case (.locations, .get): return subscriptions.locations
            case (.providers, .get): return subscriptions.providers
            case (.provider, .get), (.register, .post): return subscriptions.provider
            case (.operationStatus, .get): return operations.status
            case (.operationResult, .get): return operations.result
            default: return nil
            }
        }
    }
}
