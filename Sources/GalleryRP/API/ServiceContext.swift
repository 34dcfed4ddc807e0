import Foundation
import HTTPTypes
import Hummingbird

/// What every controller needs: the resource service, the operation runner, the settings and the listener's scheme.
struct ServiceContext: Sendable {
    let resources: ResourceService
    let operations: OperationRunner
    var store: any ResourceStore { resources.store }
    var configuration: ServiceConfiguration { resources.configuration }
    /// `https` or `http`, for absolute URLs in headers and nextLinks.
    let scheme: String

    init(store: any ResourceStore, configuration: ServiceConfiguration, scheme: String) {
        resources = ResourceService(store: store, configuration: configuration)
        operations = OperationRunner(store: store, clock: configuration.clock)
        self.scheme = scheme
    }

    /// The operation `id` of `subscription` (404 `OperationNotFound` otherwise) as it stands now; one stored in progress
    /// (a delete, or one a fault rule held) is finished first if it is due.
    func operation(id rawID: String, subscription: String) async throws -> OperationRecord {
        let id = rawID.lowercased()
        guard var operation = try await store.operation(id: id), operation.subscriptionKey == ResourceAddress.subscriptionKey(subscription) else {
            throw ARMError.operationNotFound(id)
        }
        if operation.status == .inProgress, operation.holdPolls != nil {
            operation = try await operations.poll(id) ?? operation
            if operation.holdPolls != nil { return operation }  // held by a fault rule: this poll answers InProgress
        }
        let now = configuration.clock.now()
        guard operation.status == .inProgress, operation.dueTime <= now else { return operation.at(now) }
        do {
            return try await operations.finish(id) ?? operation
        } catch StoreError.conflict {
            return operation  // writers kept changing its resource; the worker finishes it
        }
    }

    /// `Retry-After` for answers about running operations.
    var retryAfter: HTTPFields { [.retryAfter: "\(configuration.retryAfterSeconds)"] }

    /// Headers of an answer that started (or found) a long-running operation: Compute's `Azure-AsyncOperation` (and
    /// its `Location` form with `monitor=true` for deletes), or ARM's `operationresults` `Location` for resource groups.
    func operationHeaders(_ request: Request, _ operation: OperationRecord, kind: ResourceKind, apiVersion: String, withLocation: Bool) -> HTTPFields
    {
        let subscription = operation.subscriptionKey.split(separator: "/").last.map(String.init) ?? ""
        let base = "\(request.baseURL(scheme: scheme))/subscriptions/\(subscription)"
        var headers = retryAfter
        switch kind.provider.operations {
        case .resourceManager:
            headers[.location] = "\(base)/operationresults/\(operation.id)?api-version=\(apiVersion)"
        case .compute:
            let url = "\(base)/providers/\(kind.provider.namespace)/locations/\(operation.location)/capsOperations/\(operation.id)"
            headers[HTTPField.Name("Azure-AsyncOperation")!] = "\(url)?api-version=\(apiVersion)"
            headers[HTTPField.Name("Azure-AsyncNotification")!] = "Enabled"
            if withLocation { headers[.location] = "\(url)?monitor=true&api-version=\(apiVersion)" }
        }
        return headers
    }
}
