import Foundation

/// One attempt of a write: it reads the state the write depends on, and each read becomes an ``Expectation`` of the
/// commit, so the write's preconditions are checked inside its transaction on every backend.
public final class StoreTransaction {
    public let store: any ResourceStore
    private var expectations: [String: Expectation] = [:]
    private var order: [String] = []

    init(store: any ResourceStore) {
        self.store = store
    }

    /// The resources with these keys; the commit expects each to be unchanged (or still absent).
    public func resources(_ keys: [String]) async throws -> [String: ResourceRecord] {
        let found = try await store.resources(keys: keys)
        for key in keys { expect(key, .resource(key: key, version: found[key]?.version)) }
        return found
    }

    /// Up to `limit` resources nested directly under `key`; when there are none, the commit expects there still to be none.
    public func children(of key: String, limit: Int) async throws -> [ResourceRecord] {
        let children = try await store.children(parentKey: key, type: nil, after: nil, limit: limit)
        if children.isEmpty { expect("children:" + key, .noChildren(key: key)) }
        return children
    }

    /// The operation with this id; when it is in progress, the commit expects it still to be.
    public func operation(id: String) async throws -> OperationRecord? {
        let operation = try await store.operation(id: id)
        if operation?.status == .inProgress { expect("operation:" + id, .operationInProgress(id: id)) }
        return operation
    }

    /// Keeps the first reading of each slot: if a later read saw a change, the commit finds it and the write runs again.
    private func expect(_ slot: String, _ expectation: Expectation) {
        guard expectations[slot] == nil else { return }
        expectations[slot] = expectation
        order.append(slot)
    }

    /// The batch with every expectation this attempt's reads imply.
    func seal(_ batch: WriteBatch) -> WriteBatch {
        var sealed = batch
        sealed.expectations = order.compactMap { expectations[$0] } + batch.expectations
        return sealed
    }
}

/// What a write decided: a batch to commit (and what to answer once it is durable), or nothing to write.
public enum WriteDecision<Result: Sendable>: Sendable {
    case commit(WriteBatch, Result)
    case none(Result)
}

extension ResourceStore {
    /// Runs `decide` against the current state and commits the batch it returns, with everything it read as the batch's
    /// expectations. When another writer changed that state first, `decide` runs again on the new state (after a random
    /// pause that grows with each attempt), up to `attempts` times; then ``StoreError/conflict(_:)`` is thrown.
    public func write<Result: Sendable>(
        attempts: Int = 40,
        _ decide: (StoreTransaction) async throws -> WriteDecision<Result>
    ) async throws -> Result {
        var lastConflict = ""
        for attempt in 0..<attempts {
            // Full jitter, doubling from 1 ms to 32 ms: racing writers spread out instead of colliding again.
            if attempt > 0 { try? await Task.sleep(for: .microseconds(Int.random(in: 100...(1000 << min(attempt - 1, 5))))) }
            let transaction = StoreTransaction(store: self)
            switch try await decide(transaction) {
            case .none(let result):
                return result
            case .commit(let batch, let result):
                do {
                    try await commit(transaction.seal(batch))
                    return result
                } catch StoreError.conflict(let reason) {
                    lastConflict = reason
                } catch StoreError.parentMissing(let key) {
                    lastConflict = "parent of \(key) missing"
                }
            }
        }
        throw StoreError.conflict(lastConflict)
    }
}
