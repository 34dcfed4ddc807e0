import Foundation

/// Storage for resources and operations. Each backend implements it once; one contract suite runs against all of them.
/// Every method throws only ``StoreError``.
public protocol ResourceStore: Sendable {
    /// The resources with these (lower-cased) keys that exist, by key, read in one go.
    func resources(keys: [String]) async throws -> [String: ResourceRecord]
    /// The resource holding this unique key.
    func resource(uniqueKey: String) async throws -> ResourceRecord?
    /// Children of `parentKey` (of one type, or of any type when `type` is nil), ordered by key, after the key `after`.
    func children(parentKey: String, type: ResourceType?, after: String?, limit: Int) async throws -> [ResourceRecord]
    /// Resources of one type in a subscription, ordered by key, after the key `after`.
    func resources(subscriptionKey: String, type: ResourceType, after: String?, limit: Int) async throws -> [ResourceRecord]
    /// Checks the batch's expectations and applies its writes in one transaction, durably, or throws and applies nothing.
    func commit(_ batch: WriteBatch) async throws
    /// The operation with this id.
    func operation(id: String) async throws -> OperationRecord?
    /// In-progress operations whose due time is at or before `now`, oldest first.
    func dueOperations(now: Date, limit: Int) async throws -> [OperationRecord]
    /// Deletes finished operations that were due before `cutoff`; returns how many.
    func purgeOperations(dueBefore cutoff: Date) async throws -> Int

    // MARK: The control plane's

    /// Everything stored, or one subscription's part (`subscriptionKey`): resources ordered by key (so parents come
    /// before their children), operations by id.
    func snapshot(subscriptionKey: String?) async throws -> StoreSnapshot
    /// Replaces everything stored, or one subscription's part, with `snapshot` in one transaction; an empty snapshot
    /// resets. The snapshot's resources must be ordered by key and lie inside the scope. Returns what was removed.
    func replace(subscriptionKey: String?, with snapshot: StoreSnapshot) async throws -> StoreCounts
    /// The subscriptions (lower-cased keys, `/subscriptions/{id}`) that hold resource groups, in order.
    func subscriptionKeys() async throws -> [String]
    /// How many operations are running at `now`: stored in progress, or stored finished with a later end time.
    func inProgressOperationCount(now: Date) async throws -> Int
}

/// Resources and operations as a store holds them, for export, import and reset.
public struct StoreSnapshot: Sendable, Equatable {
    public var resources: [ResourceRecord]
    public var operations: [OperationRecord]

    public init(resources: [ResourceRecord] = [], operations: [OperationRecord] = []) {
        self.resources = resources
        self.operations = operations
    }

    public var counts: StoreCounts { StoreCounts(resources: resources.count, operations: operations.count) }
}

/// How many resources and operations something touched.
public struct StoreCounts: Codable, Sendable, Equatable {
    public var resources: Int
    public var operations: Int

    public init(resources: Int, operations: Int) {
        self.resources = resources
        self.operations = operations
    }
}

extension ResourceStore {
    /// The resource with this key.
    public func resource(key: String) async throws -> ResourceRecord? {
        try await resources(keys: [key])[key]
    }
}
