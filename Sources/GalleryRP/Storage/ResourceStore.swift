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
}

extension ResourceStore {
    /// The resource with this key.
    public func resource(key: String) async throws -> ResourceRecord? {
        try await resources(keys: [key])[key]
    }
}
