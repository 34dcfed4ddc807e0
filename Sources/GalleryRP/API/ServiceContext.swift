import Foundation

/// What every controller needs: the store, the settings, the listener's scheme and the operation runner.
struct ServiceContext: Sendable {
    let store: any ResourceStore
    let configuration: ServiceConfiguration
    /// `https` or `http`, for absolute URLs in headers and nextLinks.
    let scheme: String
    let operations: OperationRunner

    /// How often a write re-reads and retries after losing an optimistic race before answering 409.
    static let writeAttempts = 25

    /// A short random pause between attempts, so racing writers spread out.
    static func backOff() async {
        try? await Task.sleep(for: .microseconds(Int.random(in: 200...3000)))
    }

    /// Starts a long-running operation on `resource`, due after the configured duration.
    func newOperation(_ kind: OperationRecord.Kind, for resource: ResourceRecord, now: Date) -> OperationRecord {
        OperationRecord(
            id: UUID().uuidString.lowercased(), subscriptionKey: resource.subscriptionKey, kind: kind, resourceKey: resource.key,
            resourceType: resource.type, location: resource.location, status: .inProgress, startTime: now, endTime: nil,
            dueTime: now.addingTimeInterval(configuration.operationDuration), errorCode: nil, errorMessage: nil)
    }

    /// The stored resource at `path`, only if it has the path's type (an encoded `/` in a name cannot alias another resource).
    func resource(_ path: ResourcePath) async throws -> ResourceRecord? {
        guard let record = try await store.resource(key: path.key), record.type == path.type else { return nil }
        return record
    }

    /// Marks `record` as being deleted and stores its delete operation, in one batch.
    /// Returns nil when another writer changed the resource first (the caller reads again).
    func startDelete(_ record: ResourceRecord) async throws -> OperationRecord? {
        let operation = newOperation(.delete, for: record, now: Date())
        var deleting = record
        deleting.provisioningState = .deleting
        deleting.operationID = operation.id
        deleting.version += 1
        do {
            try await store.commit(WriteBatch(resources: [.update(deleting, expectedVersion: record.version)], operations: [operation]))
            return operation
        } catch is StoreError {
            return nil
        }
    }

    /// The operation `id` of `subscription` (404 `OperationNotFound` otherwise), finished first if it is due.
    func operation(id rawID: String, subscription: String) async throws -> OperationRecord {
        try NameRules.checkSubscriptionID(subscription)
        let id = rawID.lowercased()
        guard let operation = try await store.operation(id: id), operation.subscriptionKey == ResourcePath.subscriptionKey(subscription) else {
            throw ARMError.operationNotFound(id)
        }
        if operation.status == .inProgress && operation.dueTime <= Date() { return try await operations.finish(operation) }
        return operation
    }
}
