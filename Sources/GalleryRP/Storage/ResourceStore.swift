import Foundation

/// Storage for resources and operations. Each backend implements it once; the contract tests run against all of them.
public protocol ResourceStore: Sendable {
    /// The resource with this (lower-cased) key.
    func resource(key: String) async throws -> ResourceRecord?
    /// The resources with these keys that exist, by key, read in one go (a GET's container checks and the resource).
    func resources(keys: [String]) async throws -> [String: ResourceRecord]
    /// The resource holding this unique key.
    func resource(uniqueKey: String) async throws -> ResourceRecord?
    /// Children of `parentKey` of one type, ordered by key, after the key `after`.
    func children(parentKey: String, type: ResourceType, after: String?, limit: Int) async throws -> [ResourceRecord]
    /// Resources of one type in a subscription, ordered by key, after the key `after`.
    func resources(subscriptionKey: String, type: ResourceType, after: String?, limit: Int) async throws -> [ResourceRecord]
    /// Applies the batch atomically; durable before it returns.
    func commit(_ batch: WriteBatch) async throws
    /// The operation with this id.
    func operation(id: String) async throws -> OperationRecord?
    /// In-progress operations whose due time is at or before `now`, oldest first.
    func dueOperations(now: Date, limit: Int) async throws -> [OperationRecord]
    /// The earliest due time of any in-progress operation.
    func nextDueTime() async throws -> Date?
    /// Deletes finished (terminal) operations that were due before `cutoff`; returns how many.
    func purgeOperations(dueBefore cutoff: Date) async throws -> Int
}
