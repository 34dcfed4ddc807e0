import Foundation

/// A store that times every commit into the node's metrics and hands everything else to the store it wraps.
struct InstrumentedStore: ResourceStore {
    let base: any ResourceStore
    let metrics: ServiceMetrics

    func resources(keys: [String]) async throws -> [String: ResourceRecord] { try await base.resources(keys: keys) }
    func resource(uniqueKey: String) async throws -> ResourceRecord? { try await base.resource(uniqueKey: uniqueKey) }
    func children(parentKey: String, type: ResourceType?, after: String?, limit: Int) async throws -> [ResourceRecord] {
        try await base.children(parentKey: parentKey, type: type, after: after, limit: limit)
    }
    func resources(subscriptionKey: String, type: ResourceType, after: String?, limit: Int) async throws -> [ResourceRecord] {
        try await base.resources(subscriptionKey: subscriptionKey, type: type, after: after, limit: limit)
    }
    func operation(id: String) async throws -> OperationRecord? { try await base.operation(id: id) }
    func dueOperations(now: Date, limit: Int) async throws -> [OperationRecord] { try await base.dueOperations(now: now, limit: limit) }
    func purgeOperations(dueBefore cutoff: Date) async throws -> Int { try await base.purgeOperations(dueBefore: cutoff) }
    func snapshot(subscriptionKey: String?) async throws -> StoreSnapshot { try await base.snapshot(subscriptionKey: subscriptionKey) }
    func subscriptionKeys() async throws -> [String] { try await base.subscriptionKeys() }
    func inProgressOperationCount(now: Date) async throws -> Int { try await base.inProgressOperationCount(now: now) }

    func commit(_ batch: WriteBatch) async throws {
        let started = ContinuousClock.now
        defer { metrics.commit(duration: ContinuousClock.now - started) }
        try await base.commit(batch)
    }

    func replace(subscriptionKey: String?, with snapshot: StoreSnapshot) async throws -> StoreCounts {
        let started = ContinuousClock.now
        defer { metrics.commit(duration: ContinuousClock.now - started) }
        return try await base.replace(subscriptionKey: subscriptionKey, with: snapshot)
    }
}
