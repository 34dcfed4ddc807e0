import Foundation

/// Finishes the long-running operations stored in progress: a delete removes the resource and everything under it; a
/// create or update a fault rule held leaves its resource `Succeeded` (or as the rule planned). Other creates and
/// updates need no finishing: they settle by the clock (``OperationRecord/at(_:)``). Each finish is one ``ResourceStore/write(attempts:_:)`` expecting the operation still in
/// progress and the resource unchanged, so any node, the worker and a status poll may race to finish the same
/// operation and exactly one of them does.
public struct OperationRunner: Sendable {
    let store: any ResourceStore
    let clock: any WallClock

    public init(store: any ResourceStore, clock: any WallClock) {
        self.store = store
        self.clock = clock
    }

    /// Finishes operation `id` if it is in progress and due; returns its record as it now stands (nil if unknown).
    @discardableResult
    func finish(_ id: String) async throws -> OperationRecord? {
        try await store.write { transaction in
            guard let operation = try await transaction.operation(id: id) else { return .none(nil) }
            let now = clock.now()
            guard operation.status == .inProgress, operation.dueTime <= now else { return .none(operation) }
            var done = operation
            done.status = operation.finalStatus
            done.endTime = max(now, operation.dueTime)
            var writes: [ResourceWrite] = []
            // A resource that a later write has taken over (another operation id) is that operation's to finish.
            if let resource = try await transaction.resources([operation.resourceKey])[operation.resourceKey], resource.operationID == operation.id {
                switch (operation.kind, done.status) {
                case (.delete, .succeeded):
                    writes = [.deleteTree(key: resource.key)]
                default:
                    // A failed or canceled delete leaves the resource, in that state.
                    var finished = resource
                    finished.settling = nil
                    finished.provisioningState = ProvisioningState(done.status)
                    finished.version += 1
                    writes = [.put(finished)]
                }
            }
            return .commit(WriteBatch(resources: writes, operations: [done]), done)
        }
    }

    /// Counts a status poll of an operation a fault rule holds `InProgress` (``OperationRecord/holdPolls``): each held
    /// poll takes one off; the poll after the last held one makes it due at once. Returns the operation as it now stands.
    func poll(_ id: String) async throws -> OperationRecord? {
        try await store.write { transaction in
            guard var operation = try await transaction.operation(id: id) else { return .none(nil) }
            guard operation.status == .inProgress, let polls = operation.holdPolls else { return .none(operation) }
            if polls > 0 {
                operation.holdPolls = polls - 1
            } else {
                operation.holdPolls = nil
                operation.dueTime = clock.now()
            }
            return .commit(WriteBatch(operations: [operation]), operation)
        }
    }

    /// Most operations one sweep finishes.
    static let sweepLimit = 256

    /// Finishes operations that are due (at most ``sweepLimit``), several at a time (on SQLite their commits share
    /// transactions); returns how many were due.
    func finishDue(concurrency: Int = 32) async throws -> Int {
        let due = try await store.dueOperations(now: clock.now(), limit: Self.sweepLimit)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, operation) in due.enumerated() {
                if index >= concurrency { try await group.next() }
                group.addTask {
                    do {
                        try await finish(operation.id)
                    } catch StoreError.conflict {
                        // Writers kept changing its resource: the next sweep finishes it.
                    }
                }
            }
            try await group.waitForAll()
        }
        return due.count
    }
}
