import Foundation
import Logging

/// Finishes long-running operations: a create or update leaves its resource `Succeeded`, a delete removes the resource
/// and everything under it. Idempotent, so any node or a restart may finish the same operation.
public struct OperationRunner: Sendable {
    let store: any ResourceStore

    /// Finishes `operation` if it is still in progress, and returns its final record.
    @discardableResult
    func finish(_ operation: OperationRecord, now: Date = Date()) async throws -> OperationRecord {
        var attempt = 0
        while true {
            attempt += 1
            guard let current = try await store.operation(id: operation.id) else { return operation }
            guard current.status == .inProgress else { return current }
            var done = current
            done.status = .succeeded
            done.endTime = max(now, current.dueTime)
            var writes: [ResourceWrite] = []
            if let resource = try await store.resource(key: current.resourceKey), resource.operationID == current.id {
                switch current.kind {
                case .delete:
                    writes = [.deleteTree(key: resource.key)]
                case .create, .update:
                    var finished = resource
                    finished.provisioningState = .succeeded
                    finished.version += 1
                    writes = [.update(finished, expectedVersion: resource.version)]
                }
            }
            do {
                try await store.commit(WriteBatch(resources: writes, operations: [done]))
                return done
            } catch let error as StoreError where attempt < 5 {
                _ = error  // the resource changed underneath; read again
            }
        }
    }

    /// Most operations one sweep finishes.
    static let sweepLimit = 256

    /// Finishes operations that are due (at most ``sweepLimit``), several at a time (on SQLite their commits share
    /// transactions); returns how many.
    func finishDue(now: Date = Date(), concurrency: Int = 32) async throws -> Int {
        let due = try await store.dueOperations(now: now, limit: Self.sweepLimit)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, operation) in due.enumerated() {
                if index >= concurrency { try await group.next() }
                group.addTask { try await finish(operation, now: now) }
            }
            try await group.waitForAll()
        }
        return due.count
    }
}
